import { Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../columns/timestamp-columns';

/**
 * A message a consumer has applied: claimed with Inbox.claim() in the transaction that applies it, so that a
 * redelivered message is recognised and skipped. Add it to the service's entities; its table is made by
 * createInboxTable() in one of the service's migrations.
 */
@Entity({ name: 'inbox' })
@Index('inbox_processed_at_idx', ['processedAt'])
export class InboxRecord {
  /** The consumer (usually its consumer group): one message may be applied once by each consumer. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'inbox_pkey' })
  consumer!: string;

  /** The message's `message-id` header (or the id of the event it carries). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'inbox_pkey' })
  messageId!: string;

  @CreatedAtColumn()
  processedAt!: Date;
}
