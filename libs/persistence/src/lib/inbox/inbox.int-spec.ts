import type { DataSource } from 'typeorm';
import { databaseKinds, openDatabase, type OpenedDatabase } from '../../spec-support/test-databases';
import { testEntities, testMigrations } from '../../spec-support/test-schema';
import { createDataSource } from '../data-source/create-data-source';
import { runInTransaction } from '../transaction/run-in-transaction';
import { Inbox } from './inbox';
import { InboxCleaner } from './inbox-cleaner';
import { eventually } from '../../spec-support/eventually';
import { uniqueName } from '../../spec-support/unique-name';

// Starting the embedded server takes a few seconds on an empty directory (initdb).
jest.setTimeout(120_000);

describe.each(databaseKinds)(`${Inbox.name} on %s`, (kind) => {
  const schema = uniqueName('inbox', '_');
  let database: OpenedDatabase;
  let dataSource: DataSource;

  const claim = (consumer: string, messageId: string) =>
    runInTransaction(dataSource, (manager) => Inbox.claim(manager, consumer, messageId));

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

  it('claims a batch in one statement: only the ids not seen before, duplicates once', async () => {
    const [seen, fresh, other] = [uniqueName('seen'), uniqueName('fresh'), uniqueName('other')];
    await expect(claim('batcher', seen)).resolves.toBe(true);
    const claimAll = (ids: string[]) =>
      runInTransaction(dataSource, (manager) => Inbox.claimAll(manager, 'batcher', ids));
    await expect(claimAll([seen, fresh, fresh, other])).resolves.toEqual(new Set([fresh, other]));
    await expect(claimAll([fresh, other])).resolves.toEqual(new Set());
    await expect(claimAll([])).resolves.toEqual(new Set());
    await expect(Inbox.claimAll(dataSource.manager, 'batcher', [uniqueName('x')])).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('claims a message once per consumer', async () => {
    const messageId = uniqueName('message');
    await expect(claim('projector', messageId)).resolves.toBe(true);
    await expect(claim('projector', messageId)).resolves.toBe(false);
    await expect(claim('notifier', messageId)).resolves.toBe(true);
  });

  it('forgets a claim whose transaction rolled back', async () => {
    const messageId = uniqueName('message');
    const failed = runInTransaction(dataSource, async (manager) => {
      await Inbox.claim(manager, 'projector', messageId);
      throw new Error('the handler failed');
    });
    await expect(failed).rejects.toThrow('the handler failed');
    await expect(claim('projector', messageId)).resolves.toBe(true);
  });

  it('gives a message to one of two concurrent claims', async () => {
    const messageId = uniqueName('message');
    const outcomes = await Promise.all([claim('projector', messageId), claim('projector', messageId)]);
    expect(outcomes.sort()).toEqual([false, true]);
  });

  it('refuses a claim outside a transaction', async () => {
    await expect(Inbox.claim(dataSource.manager, 'projector', uniqueName('message'))).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('forgets claims older than the retention', async () => {
    const [old, recent] = [uniqueName('old'), uniqueName('recent')];
    await claim('cleaner', old);
    await claim('cleaner', recent);
    await dataSource.query(
      `UPDATE ${schema}.inbox SET processed_at = now() - interval '40 days' WHERE consumer = 'cleaner' AND message_id = $1`,
      [old],
    );

    const cleaner = new InboxCleaner({ dataSource, retentionMs: 30 * 24 * 60 * 60 * 1000 });
    cleaner.start();
    try {
      await eventually(async () => expect(await claim('cleaner', old)).toBe(true));
    } finally {
      await cleaner.stop();
    }
    await expect(claim('cleaner', recent)).resolves.toBe(false);
  });
});
