import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { databaseKinds, openDatabase, type OpenedDatabase } from '../../spec-support/test-databases';
import { testEntities, testMigrations, Widget } from '../../spec-support/test-schema';
import { runInTransaction } from '../transaction/run-in-transaction';
import { createDataSource } from './create-data-source';
import { uniqueName } from '../../spec-support/unique-name';

// Starting the embedded server takes a few seconds on an empty directory (initdb).
jest.setTimeout(120_000);

describe.each(databaseKinds)(`${createDataSource.name} on %s`, (kind) => {
  let database: OpenedDatabase;
  let dataSource: DataSource;
  const schema = uniqueName('data_source', '_');

  const open = (name = schema) =>
    createDataSource({
      schema: name,
      entities: testEntities,
      migrations: testMigrations(name),
      connection: database.connection,
    });

  beforeAll(async () => {
    database = await openDatabase(kind);
    dataSource = await open();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
  });

  it('creates the schema and runs the migrations, recording them in its own migrations table', async () => {
    const tables = await dataSource.query<{ table_name: string }[]>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(tables.map((table) => table.table_name)).toEqual(['inbox', 'migrations', 'outbox', 'widgets']);
    const migrations = await dataSource.query<{ name: string }[]>(
      `SELECT name FROM ${schema}.migrations ORDER BY id`,
    );
    expect(migrations.map((migration) => migration.name)).toEqual([
      'CreateWidgets1700000000000',
      'CreateOutboxAndInbox1700000000001',
      'AddOutboxPayloadReferences1700000000002',
    ]);
  });

  it('leaves no difference between the entities and the migrated tables', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('resolves unqualified names in the service schema', async () => {
    const [row] = await dataSource.query<{ schema: string }[]>('SELECT current_schema() AS schema');
    expect(row?.schema).toBe(schema);
    await expect(dataSource.query('SELECT count(*) FROM widgets')).resolves.toEqual([{ count: '0' }]);
  });

  it('stores and reads entities with snake_case columns and timestamptz', async () => {
    const widget = { id: randomUUID(), directoryId: randomUUID(), displayName: 'Blue' };
    await runInTransaction(dataSource, (manager) => manager.insert(Widget, widget));
    const [row] = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM widgets WHERE id = $1', [
      widget.id,
    ]);
    expect(row).toMatchObject({ id: widget.id, directory_id: widget.directoryId, display_name: 'Blue' });
    const stored = await dataSource.getRepository(Widget).findOneByOrFail({ id: widget.id });
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('surfaces a unique violation as SQLSTATE 23505 naming the constraint, and keeps nothing of its transaction', async () => {
    const directoryId = randomUUID();
    await runInTransaction(dataSource, (manager) =>
      manager.insert(Widget, { id: randomUUID(), directoryId, displayName: 'Taken' }),
    );
    const other = randomUUID();
    const failure = runInTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { id: other, directoryId, displayName: 'Other' });
      await manager.insert(Widget, { id: randomUUID(), directoryId, displayName: 'TAKEN' });
    });
    await expect(failure).rejects.toMatchObject({
      code: '23505',
      constraint: 'widgets_directory_id_display_name_key',
    });
    await expect(dataSource.getRepository(Widget).existsBy({ id: other })).resolves.toBe(false);
  });

  it('runs concurrent transactions and plain queries to completion', async () => {
    const directoryId = randomUUID();
    const transactions = Array.from({ length: 25 }, (_, index) =>
      runInTransaction(dataSource, async (manager) => {
        await manager.query(
          'SELECT id FROM widgets WHERE directory_id = $1 AND lower(display_name) = lower($2)',
          [directoryId, `w${index}`],
        );
        await manager.insert(Widget, { id: randomUUID(), directoryId, displayName: `w${index}` });
      }),
    );
    const reads = Array.from({ length: 25 }, () =>
      dataSource.query('SELECT count(*) FROM widgets WHERE directory_id = $1', [directoryId]),
    );
    await Promise.all([...transactions, ...reads]);
    await expect(dataSource.getRepository(Widget).countBy({ directoryId })).resolves.toBe(25);
  });

  it('migrates a schema once when two instances start together, and reverts it with the down migrations', async () => {
    const other = uniqueName('data_source', '_');
    const [first, second] = await Promise.all([open(other), open(other)]);
    try {
      const migrations = await first.query<unknown[]>(`SELECT name FROM ${other}.migrations`);
      expect(migrations).toHaveLength(testMigrations(other).length);
      for (const _migration of testMigrations(other)) await first.undoLastMigration();
      const tables = await first.query<{ table_name: string }[]>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [other],
      );
      expect(tables.map((table) => table.table_name)).toEqual(['migrations']);
      await expect(first.query(`SELECT count(*) FROM ${other}.migrations`)).resolves.toEqual([
        { count: '0' },
      ]);
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
    }
  });
});

describe(`${createDataSource.name} when PostgreSQL cannot be reached`, () => {
  it('says so, naming the server and database but not the credentials', async () => {
    // port 1: nothing listens there, so the connection is refused at once
    const failure = createDataSource({
      schema: uniqueName('data_source', '_'),
      entities: testEntities,
      connection: { kind: 'postgres', url: 'postgres://scimflow:s3cret-password@127.0.0.1:1/scimflow_db' },
    });
    await expect(failure).rejects.toThrow(
      /^could not connect to PostgreSQL at 127\.0\.0\.1:1\/scimflow_db: connect ECONNREFUSED/,
    );
    await expect(failure).rejects.not.toThrow(/s3cret|scimflow:/);
  });
});
