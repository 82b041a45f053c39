// Transactions per second of the persistence layer, in the shape of a SCIM user create: in one transaction, a
// lookup by (directory, lower(userName)), an insert of the user and an outbox row (Outbox.enqueue), committed.
//
//   node bench/persistence/run-ts.js bench/persistence/transactions.bench.ts <mode> [transactions]
//
// mode: embedded  EmbeddedPostgres: the PostgreSQL server run by this process on a temporary data directory,
//                 reached over its Unix socket (fsync on, as in the product)
//       postgres  the Postgres at DATABASE_URL (a database of its own, dropped at the end); compare its fsync
//                 setting before comparing figures (tools/postgres-local runs with fsync off)
// transactions: default 10000. Then a 100-row insert in one transaction, 50 times. Prints one JSON line.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import {
  Column,
  DataSource,
  Entity,
  PrimaryColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import {
  createDataSource,
  createOutboxTable,
  CreatedAtColumn,
  EmbeddedPostgres,
  Outbox,
  OutboxMessage,
  runInTransaction,
} from '@scimflow/persistence';

const SCHEMA = 'bench';

@Entity({ name: 'users' })
class BenchUser {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  directoryId!: string;

  @Column({ type: 'text' })
  userName!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

class CreateBenchTables1700000000000 implements MigrationInterface {
  name = 'CreateBenchTables1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE ${SCHEMA}.users (id uuid PRIMARY KEY, directory_id uuid NOT NULL, user_name text NOT NULL, ` +
        'created_at timestamptz NOT NULL DEFAULT now())',
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX users_user_name_key ON ${SCHEMA}.users (directory_id, lower(user_name))`,
    );
    await createOutboxTable(queryRunner, SCHEMA);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${SCHEMA}.outbox, ${SCHEMA}.users`);
  }
}

const dataSourceOptions = {
  schema: SCHEMA,
  entities: [BenchUser, OutboxMessage],
  migrations: [CreateBenchTables1700000000000],
};

interface Target {
  dataSource: DataSource;
  close(): Promise<void>;
}

async function openEmbedded(): Promise<Target> {
  const database = await EmbeddedPostgres.start({ dataDir: 'memory://' });
  try {
    const dataSource = await createDataSource({
      ...dataSourceOptions,
      connection: { kind: 'embedded', database },
    });
    return {
      dataSource,
      close: async () => {
        await dataSource.destroy();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

async function openPostgres(): Promise<Target> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `bench_persistence_${randomUUID().slice(0, 8)}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = await createDataSource({
    ...dataSourceOptions,
    connection: { kind: 'postgres', url: url.toString() },
  });
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await onServer(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One SCIM-like user create: lookup, insert, outbox row. */
async function createUser(dataSource: DataSource, directoryId: string, index: number): Promise<void> {
  const userName = `user${index}@example.com`;
  await runInTransaction(dataSource, async (manager) => {
    const existing = await manager.query<unknown[]>(
      'SELECT id FROM users WHERE directory_id = $1 AND lower(user_name) = lower($2)',
      [directoryId, userName],
    );
    if (existing.length > 0) throw new Error(`${userName} exists`);
    const id = randomUUID();
    await manager.insert(BenchUser, { id, directoryId, userName });
    await Outbox.enqueue(manager, [
      {
        topic: 'directory.events.v1',
        key: directoryId,
        value: { type: 'directory.user.created', id, userName },
      },
    ]);
  });
}

async function insertHundred(dataSource: DataSource, directoryId: string, round: number): Promise<void> {
  await runInTransaction(dataSource, (manager) =>
    manager.insert(
      BenchUser,
      Array.from({ length: 100 }, (_, index) => ({
        id: randomUUID(),
        directoryId,
        userName: `bulk${round}-${index}@example.com`,
      })),
    ),
  );
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function timed(count: number, run: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  // CPU time of this process (the client side: TypeORM, node-postgres), whatever else the machine runs
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) {
    const before = process.hrtime.bigint();
    await run(index);
    latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    count,
    totalSeconds: round(totalMs / 1000),
    perSecond: Math.round((count / totalMs) * 1000),
    p50Ms: round(percentile(latencies, 0.5)),
    p95Ms: round(percentile(latencies, 0.95)),
    p99Ms: round(percentile(latencies, 0.99)),
    processCpuMsEach: round((cpu.user + cpu.system) / 1000 / count),
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'embedded';
  const count = Number(process.argv[3] ?? 10_000);
  const openers: Record<string, () => Promise<Target>> = { embedded: openEmbedded, postgres: openPostgres };
  const open = openers[mode];
  if (!open) throw new Error(`unknown mode ${mode}: embedded or postgres`);
  const openedAt = Date.now();
  const target = await open();
  const startSeconds = (Date.now() - openedAt) / 1000;
  try {
    const directoryId = randomUUID();
    // the machine may be shared: the load says how much of it the figures had
    const loadBefore = loadavg()[0];
    const userCreate = await timed(count, (index) => createUser(target.dataSource, directoryId, index));
    const hundredRowInsert = await timed(50, (round) =>
      insertHundred(target.dataSource, randomUUID(), round),
    );
    const load = [loadBefore, loadavg()[0]].map((value) => Math.round(value * 10) / 10);
    console.log(JSON.stringify({ mode, startSeconds, load, userCreate, hundredRowInsert }));
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
