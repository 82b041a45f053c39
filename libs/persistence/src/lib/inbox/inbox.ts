import type { DataSource, EntityManager } from 'typeorm';
import { InboxRecord } from './inbox-record.entity';

const CLEANUP_CHUNK = 1000;

/** The inbox of a service: which messages each of its consumers has applied, so a redelivery changes nothing. */
export class Inbox {
  /**
   * Records that `consumer` applies the message `messageId`, in the consumer's transaction (the manager
   * runInTransaction gives): true when this is the first time, false when it was applied before and the handler
   * should do nothing. The claim commits or rolls back with the handler's changes, so a message is applied
   * exactly once however often it is delivered. A concurrent claim of the same message waits for the first one's
   * transaction and then returns false (or true if that one rolled back).
   */
  static async claim(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'Inbox.claim() must run inside a transaction: use the manager that runInTransaction() gives',
      );
    }
    if (!consumer || !messageId) throw new Error('Inbox.claim() needs a consumer and a message id');
    const rows = await manager.query<unknown[]>(
      `INSERT INTO ${inboxTable(manager.connection)} ("consumer", "message_id") VALUES ($1, $2) ` +
        'ON CONFLICT DO NOTHING RETURNING 1 AS claimed',
      [consumer, messageId],
    );
    return rows.length === 1;
  }

  /**
   * {@link claim} for a batch in one statement: records the messages `messageIds` (duplicates allowed) and returns
   * the ids claimed now — those seen before are left out, and their effects must not be applied again.
   */
  static async claimAll(
    manager: EntityManager,
    consumer: string,
    messageIds: readonly string[],
  ): Promise<Set<string>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'Inbox.claimAll() must run inside a transaction: use the manager that runInTransaction() gives',
      );
    }
    if (!consumer || messageIds.some((id) => !id))
      throw new Error('Inbox.claimAll() needs a consumer and message ids');
    if (messageIds.length === 0) return new Set();
    const rows = await manager.query<Array<{ message_id: string }>>(
      `INSERT INTO ${inboxTable(manager.connection)} ("consumer", "message_id") ` +
        'SELECT $1, id FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING RETURNING "message_id"',
      [consumer, [...new Set(messageIds)]],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /**
   * Forgets the messages processed before `processedBefore`, a chunk at a time; returns how many. Keep them longer
   * than any redelivery can come late (the bus's retention).
   */
  static async cleanup(dataSource: DataSource, processedBefore: Date): Promise<number> {
    const table = inboxTable(dataSource);
    let deleted = 0;
    for (;;) {
      const [, count] = await dataSource.query<[unknown[], number]>(
        `DELETE FROM ${table} WHERE ("consumer", "message_id") IN (SELECT "consumer", "message_id" FROM ${table} ` +
          `WHERE "processed_at" < $1 ORDER BY "processed_at" LIMIT ${CLEANUP_CHUNK})`,
        [processedBefore],
      );
      deleted += count;
      if (count < CLEANUP_CHUNK) return deleted;
    }
  }
}

function inboxTable(dataSource: DataSource): string {
  const metadata = dataSource.getMetadata(InboxRecord);
  const { driver } = dataSource;
  const table = driver.escape(metadata.tableName);
  return metadata.schema ? `${driver.escape(metadata.schema)}.${table}` : table;
}
