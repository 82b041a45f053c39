import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { testEntities, testMigrations, Widget } from '../../spec-support/test-schema';
import { createDataSource } from '../data-source/create-data-source';
import { runInTransaction } from '../transaction/run-in-transaction';
import { EmbeddedPostgres } from './embedded-postgres';
import { EmbeddedSessionErrorCode } from './embedded-session.error';
import { eventually } from '../../spec-support/eventually';

// Starting PGlite (a few seconds on an empty directory) and joining Kafka consumer groups take a while.
jest.setTimeout(120_000);

describe(EmbeddedPostgres.name, () => {
  const schema = 'embedded_spec';
  let root: string;
  let dataDir: string;
  let database: EmbeddedPostgres;
  let dataSource: DataSource;

  const open = async () => {
    database = await EmbeddedPostgres.start({ dataDir, sessionWaitTimeoutMs: 1_000 });
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

  it('supports session advisory locks, re-entrant within its single session', async () => {
    const lock = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
    await expect(dataSource.query(lock, ['spec'])).resolves.toEqual([{ locked: true }]);
    await expect(dataSource.query(lock, ['spec'])).resolves.toEqual([{ locked: true }]);
    const unlock = 'SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS unlocked';
    await expect(dataSource.query(unlock, ['spec'])).resolves.toEqual([{ unlocked: true }]);
    await expect(dataSource.query(unlock, ['spec'])).resolves.toEqual([{ unlocked: true }]);
  });

  it('fails at once a query made outside the transaction it runs in, and rolls that transaction back', async () => {
    const id = randomUUID();
    const outcome = runInTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id, directoryId: randomUUID(), displayName: 'inside' });
      await dataSource.query('SELECT 1');
    });
    await expect(outcome).rejects.toMatchObject({ code: EmbeddedSessionErrorCode.WouldDeadlock });
    await expect(dataSource.getRepository(Widget).existsBy({ id })).resolves.toBe(false);
  });

  it('makes a plain query wait for the running transaction, and fail once the wait outlasts the timeout', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const transaction = runInTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id: randomUUID(), directoryId: randomUUID(), displayName: 'slow' });
      holding();
      await finished;
    });
    await held;
    await expect(dataSource.query('SELECT 1')).rejects.toMatchObject({
      code: EmbeddedSessionErrorCode.WaitTimeout,
    });
    finish();
    await transaction;
  });

  it('runs a plain query made during a transaction after that transaction ends, not inside it', async () => {
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
    // inside the transaction this count would see its uncommitted row
    const count = dataSource.getRepository(Widget).countBy({ directoryId });
    await eventually(() => expect(database.waitingForSession).toBe(1));
    finish();
    await expect(transaction).rejects.toThrow('roll back');
    await expect(count).resolves.toBe(0);
  });

  it('rolls back what a connection left open when it goes away, and hands the session on', async () => {
    const id = randomUUID();
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.manager.insert(Widget, { id, directoryId: randomUUID(), displayName: 'abandoned' });
    const client = (await runner.connect()) as { end(): Promise<void> };
    await client.end();
    await runner.release();
    await expect(dataSource.getRepository(Widget).existsBy({ id })).resolves.toBe(false);
  });

  it('refuses to open its data directory a second time while it runs', async () => {
    await expect(EmbeddedPostgres.start({ dataDir })).rejects.toThrow(/already open in this process/);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
  });

  it('keeps committed rows across a stop and a start of its data directory', async () => {
    await insertWidget('durable');
    await close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    await open();
    await expect(dataSource.getRepository(Widget).existsBy({ displayName: 'durable' })).resolves.toBe(true);
    const migrations = await dataSource.query<unknown[]>(`SELECT * FROM ${schema}.migrations`);
    expect(migrations).toHaveLength(2);
  });
});
