import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { databaseKinds, openDatabase, type OpenedDatabase } from '../../spec-support/test-databases';
import { testEntities, testMigrations, Widget } from '../../spec-support/test-schema';
import { uniqueName } from '../../spec-support/unique-name';
import { createDataSource } from '../data-source/create-data-source';
import { insertStatement } from '../statements/row-statements';
import { runInPipelinedTransaction, runUnitsInPipelinedTransaction } from './run-in-pipelined-transaction';

// Starting the embedded server takes a few seconds on an empty directory (initdb).
jest.setTimeout(120_000);

describe.each(databaseKinds)('runInPipelinedTransaction on %s', (kind) => {
  const schema = uniqueName('pipelined', '_');
  let database: OpenedDatabase;
  let dataSource: DataSource;

  const widget = (displayName: string, directoryId = randomUUID()) => ({
    id: randomUUID(),
    directoryId,
    displayName,
  });
  const names = async (directoryId: string) =>
    (await dataSource.manager.find(Widget, { where: { directoryId }, order: { displayName: 'ASC' } })).map(
      (row) => row.displayName,
    );
  /** The statements sent to the server while `work` runs (each is one round trip). */
  const sent = async (work: () => Promise<unknown>): Promise<string[]> => {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await work();
      return spy.mock.calls.map(([config]) => (typeof config === 'string' ? config : String(config)));
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    database = await openDatabase(kind);
    dataSource = await createDataSource({
      schema,
      entities: testEntities,
      migrations: testMigrations(schema),
      connection: database.connection,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
  });

  it('sends the opening statement with the BEGIN and the closing one with the COMMIT, and commits all', async () => {
    const directoryId = randomUUID();
    const first = widget("o'brien \\ first", directoryId);
    let opened: unknown;
    const statements = await sent(() =>
      runInPipelinedTransaction(
        dataSource,
        {
          sql: `WITH inserted AS (${insertStatement(dataSource.manager, Widget, first).sql} RETURNING display_name) SELECT display_name AS name FROM inserted`,
          parameters: insertStatement(dataSource.manager, Widget, first).parameters,
        },
        async (manager, rows) => {
          opened = rows;
          await manager.insert(Widget, widget('middle', directoryId));
          return { result: 'done', closing: insertStatement(manager, Widget, widget('last', directoryId)) };
        },
      ),
    );
    expect(opened).toEqual([{ name: "o'brien \\ first" }]);
    expect(await names(directoryId)).toEqual(['last', 'middle', "o'brien \\ first"]);
    // BEGIN + opening, the manager's INSERT (in the transaction: no BEGIN/COMMIT of its own), closing + COMMIT
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^BEGIN; WITH inserted AS \(INSERT/);
    expect(statements[1]).toMatch(/^INSERT INTO/);
    expect(statements[2]).toMatch(/^INSERT INTO .*; COMMIT$/);
  });

  it('rolls everything back when the closing statement fails, and gives the database error', async () => {
    const directoryId = randomUUID();
    const error = await runInPipelinedTransaction(
      dataSource,
      insertStatement(dataSource.manager, Widget, widget('a', directoryId)),
      async (manager) => {
        await manager.insert(Widget, widget('b', directoryId));
        // the unique index on (directory_id, lower(display_name)) refuses the second 'A'
        return {
          result: null,
          closing: insertStatement(manager, Widget, [widget('c', directoryId), widget('A', directoryId)]),
        };
      },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23505' });
    expect(await names(directoryId)).toEqual([]);
    // the connection went back to the pool outside any transaction
    await expect(
      runInPipelinedTransaction(
        dataSource,
        insertStatement(dataSource.manager, Widget, widget('d', directoryId)),
        async () => ({
          result: null,
        }),
      ),
    ).resolves.toBeNull();
    expect(await names(directoryId)).toEqual(['d']);
  });

  it('rolls back when the work throws or the opening statement fails', async () => {
    const directoryId = randomUUID();
    await expect(
      runInPipelinedTransaction(
        dataSource,
        insertStatement(dataSource.manager, Widget, widget('a', directoryId)),
        async () => {
          throw new Error('no');
        },
      ),
    ).rejects.toThrow('no');
    const taken = widget('taken', directoryId);
    await dataSource.manager.insert(Widget, taken);
    const work = jest.fn();
    await expect(
      runInPipelinedTransaction(dataSource, insertStatement(dataSource.manager, Widget, { ...taken }), work),
    ).rejects.toMatchObject({ code: '23505' });
    expect(work).not.toHaveBeenCalled();
    expect(await names(directoryId)).toEqual(['taken']);
  });

  it('sends a closing statement with large parameters on its own, then the COMMIT', async () => {
    const directoryId = randomUUID();
    const long = 'x'.repeat(40_000);
    const statements = await sent(() =>
      runInPipelinedTransaction(
        dataSource,
        insertStatement(dataSource.manager, Widget, widget('a', directoryId)),
        async (manager) => ({
          result: null,
          closing: insertStatement(manager, Widget, widget(long, directoryId)),
        }),
      ),
    );
    expect(statements.map((statement) => statement.slice(0, 11))).toEqual([
      'BEGIN; INSE',
      'INSERT INTO',
      'COMMIT',
    ]);
    expect(await names(directoryId)).toEqual(['a', long]);
  });

  it("gives the closing statement's rows to fromClosingRows, sent with the COMMIT or on its own", async () => {
    const directoryId = randomUUID();
    for (const name of ['short', 'y'.repeat(40_000)]) {
      const inserted = insertStatement(dataSource.manager, Widget, widget(name, directoryId));
      const names = await runInPipelinedTransaction(
        dataSource,
        { sql: 'SELECT 1 AS one', parameters: [] },
        async () => ({
          result: [] as string[],
          closing: { sql: `${inserted.sql} RETURNING display_name`, parameters: inserted.parameters },
          fromClosingRows: (rows) => rows.map((row) => String(row['display_name'])),
        }),
      );
      expect(names).toEqual([name]);
    }
  });

  it("broadcasts TypeORM's commit and rollback events, outside the transaction", async () => {
    const seen: string[] = [];
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event) =>
        void seen.push(`commit active=${event.queryRunner.isTransactionActive}`),
      afterTransactionRollback: (event) =>
        void seen.push(`rollback active=${event.queryRunner.isTransactionActive}`),
    };
    dataSource.subscribers.push(subscriber);
    try {
      const directoryId = randomUUID();
      await runInPipelinedTransaction(
        dataSource,
        insertStatement(dataSource.manager, Widget, widget('a', directoryId)),
        async () => ({
          result: null,
        }),
      );
      await runInPipelinedTransaction(
        dataSource,
        insertStatement(dataSource.manager, Widget, widget('b', directoryId)),
        async () => {
          throw new Error('no');
        },
      ).catch(() => undefined);
      expect(seen).toEqual(['commit active=false', 'rollback active=false']);
    } finally {
      dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    }
  });

  it("sends a unit's reads in its opening statement's message, after it, and gives their rows in order", async () => {
    const directoryId = randomUUID();
    const seen: unknown[] = [];
    const namesOf = {
      sql: 'SELECT display_name AS name FROM widgets WHERE directory_id = $1 ORDER BY display_name',
      parameters: [directoryId],
    };
    const countOf = {
      sql: 'SELECT count(*)::int AS n FROM widgets WHERE directory_id = $1',
      parameters: [directoryId],
    };
    const statements = await sent(() =>
      runUnitsInPipelinedTransaction(
        dataSource,
        ['a', 'b'].map((name) => ({
          opening: insertStatement(dataSource.manager, Widget, widget(name, directoryId)),
          reads: [namesOf, countOf],
          work: async (_manager, openingRows, readRows) => {
            seen.push({ openingRows, readRows });
            return { result: name };
          },
        })),
        () => false,
      ),
    );
    // each unit's reads see its own opening statement's write, and the earlier unit's
    expect(seen).toEqual([
      { openingRows: [], readRows: [[{ name: 'a' }], [{ n: 1 }]] },
      { openingRows: [], readRows: [[{ name: 'a' }, { name: 'b' }], [{ n: 2 }]] },
    ]);
    expect(statements).toHaveLength(4);
    expect(statements[0]).toMatch(
      /^BEGIN; SAVEPOINT scimflow_unit_0; INSERT INTO .*; SELECT display_name .*; SELECT count/,
    );
    expect(statements[2]).toMatch(
      /^SAVEPOINT scimflow_unit_1; INSERT INTO .*; SELECT display_name .*; SELECT count/,
    );
    expect(statements[3]).toBe('RELEASE SAVEPOINT scimflow_unit_1; COMMIT');
  });
});
