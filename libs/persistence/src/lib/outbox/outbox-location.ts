import type { DataSource, QueryRunner } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/** Set on a transaction's query runner once it wrote outbox rows: the relay is woken after its commit. */
const PENDING_FLAG = 'scimflow.outbox.pending';

/** The schema-qualified, quoted outbox table of `dataSource` (which must list OutboxMessage among its entities). */
export function outboxTable(dataSource: DataSource): string {
  const metadata = dataSource.getMetadata(OutboxMessage);
  const { driver } = dataSource;
  const table = driver.escape(metadata.tableName);
  return metadata.schema ? `${driver.escape(metadata.schema)}.${table}` : table;
}

/** The LISTEN/NOTIFY channel on which commits announce new rows in the outbox of `dataSource`. */
export function outboxChannel(dataSource: DataSource): string {
  return `scimflow_outbox_${dataSource.getMetadata(OutboxMessage).schema ?? 'public'}`;
}

export function markOutboxPending(queryRunner: QueryRunner): void {
  (queryRunner.data as Record<string, unknown>)[PENDING_FLAG] = true;
}

/** True, once, when the transaction of `queryRunner` wrote outbox rows. */
export function takeOutboxPending(queryRunner: QueryRunner): boolean {
  const data = queryRunner.data as Record<string, unknown>;
  const pending = data[PENDING_FLAG] === true;
  delete data[PENDING_FLAG];
  return pending;
}
