import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { testEntities, testMigrations, Widget } from '../../spec-support/test-schema';
import { createDataSource } from '../data-source/create-data-source';
import { runInTransaction } from '../transaction/run-in-transaction';
import { EmbeddedPostgres } from './embedded-postgres';
import { eventually } from '../../spec-support/eventually';

// initdb on an empty directory and a server start in a child process take a few seconds.
jest.setTimeout(120_000);

// lets the child process below load this TypeScript (the repository's own loader for child processes of specs)
const SWC_REGISTER = join(process.cwd(), 'libs/messaging/src/spec-support/swc-register.js');

describe(EmbeddedPostgres.name, () => {
  const schema = 'embedded_spec';
  let root: string;
  let dataDir: string;
  let database: EmbeddedPostgres;
  let dataSource: DataSource;

  const open = async () => {
    database = await EmbeddedPostgres.start({ dataDir });
    dataSource = await createDataSource({
      schema,
      entities: testEntities,
      migrations: testMigrations(schema),
      connection: { kind: 'embedded', database },
    });
  };

  const close = async () => {
    await dataSource.destroy();
    await database.stop();
  };

  const insertWidget = (displayName: string) =>
    runInTransaction(dataSource, (manager) =>
      manager.insert(Widget, { id: randomUUID(), directoryId: randomUUID(), displayName }),
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'embedded-postgres-'));
    dataDir = join(root, 'pgdata');
    await open();
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves concurrent transactions on separate sessions, with advisory locks between them', async () => {
    const lock = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
    const runner = dataSource.createQueryRunner();
    try {
      await expect(runner.query(lock, ['spec'])).resolves.toEqual([{ locked: true }]);
      // another session of the same server does not get it
      await expect(dataSource.query(lock, ['spec'])).resolves.toEqual([{ locked: false }]);
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', ['spec']);
    } finally {
      await runner.release();
    }
    const directoryId = randomUUID();
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const transaction = runInTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id: randomUUID(), directoryId, displayName: 'rolled back' });
      holding();
      await finished;
      throw new Error('roll back');
    });
    await held;
    // a query outside the open transaction runs at once and does not see its uncommitted row
    await expect(dataSource.getRepository(Widget).countBy({ directoryId })).resolves.toBe(0);
    finish();
    await expect(transaction).rejects.toThrow('roll back');
  });

  it('rolls back what a connection left open when it goes away', async () => {
    const id = randomUUID();
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.manager.insert(Widget, { id, directoryId: randomUUID(), displayName: 'abandoned' });
    const client = (await runner.connect()) as { end(): Promise<void> };
    await client.end();
    await runner.release();
    await eventually(async () => expect(await dataSource.getRepository(Widget).existsBy({ id })).toBe(false));
  });

  it('keeps a committed row when its process is killed, and starts again on the same directory', async () => {
    await close();
    const child = spawn(process.execPath, ['-r', SWC_REGISTER, '-e', killedWriterScript(dataDir)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    // the child reports its commit, then this test kills it with no chance to stop its server
    await eventually(() => expect(output).toContain('committed'), { timeoutMs: 60_000 });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await open();
    await expect(dataSource.getRepository(Widget).existsBy({ displayName: 'killed writer' })).resolves.toBe(
      true,
    );
  });

  it('refuses a data directory of another PostgreSQL major version (a PGlite one among them), untouched', async () => {
    const other = join(root, 'pgdata-18');
    mkdirSync(other);
    writeFileSync(join(other, 'PG_VERSION'), '18\n');
    await expect(EmbeddedPostgres.start({ dataDir: other })).rejects.toThrow(
      /PostgreSQL 18 database.*PostgreSQL 17/,
    );
    expect(readdirSync(other)).toEqual(['PG_VERSION']);
    expect(existsSync(`${other}.lock`)).toBe(false);
  });

  it('refuses to open its data directory a second time while it runs', async () => {
    await expect(EmbeddedPostgres.start({ dataDir })).rejects.toThrow(/already open in this process/);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
  });

  // TypeORM ends its pools with a callback
  it.each([
    ['a promise', (pool: Pool) => pool.end()],
    ['a callback', (pool: Pool) => new Promise<void>((done) => pool.end(() => done()))],
  ])(
    'ends a pool (%s) once its connections are closed, so that a stop right after terminates none of them',
    async (_how, end) => {
      const pool = new (database.pgDriver({ search_path: 'public' }).Pool)({ max: 4 });
      const closed: boolean[] = [];
      pool.on('connect', (client) => {
        const index = closed.push(false) - 1;
        client.once('end', () => {
          closed[index] = true;
        });
      });
      const clients = await Promise.all([1, 2, 3, 4].map(() => pool.connect()));
      for (const client of clients) client.release();
      await end(pool);
      expect(closed).toEqual([true, true, true, true]);
    },
  );

  it('keeps committed rows across a stop and a start of its data directory', async () => {
    await insertWidget('durable');
    const socketDir = decodeURIComponent(/[?&]host=([^&]+)/.exec(database.connectionString)?.[1] ?? '');
    expect(existsSync(socketDir)).toBe(true);
    await close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    // each data directory has its own: in /tmp, a test run would leave one for every database it started
    expect(existsSync(socketDir)).toBe(false);
    await open();
    await expect(dataSource.getRepository(Widget).existsBy({ displayName: 'durable' })).resolves.toBe(true);
    const migrations = await dataSource.query<unknown[]>(`SELECT * FROM ${schema}.migrations`);
    expect(migrations).toHaveLength(testMigrations(schema).length);
  });
});

/** A process that opens the database, commits a row, says so, and waits to be killed. */
function killedWriterScript(dir: string): string {
  return `
    const { EmbeddedPostgres } = require(${JSON.stringify(require.resolve('./embedded-postgres'))});
    const { Client } = require('pg');
    (async () => {
      const database = await EmbeddedPostgres.start({ dataDir: ${JSON.stringify(dir)} });
      const client = new Client(database.connectionString);
      await client.connect();
      await client.query("INSERT INTO embedded_spec.widgets (id, directory_id, display_name) VALUES (gen_random_uuid(), gen_random_uuid(), 'killed writer')");
      process.stdout.write('committed\\n');
      setInterval(() => undefined, 1000);
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
}
