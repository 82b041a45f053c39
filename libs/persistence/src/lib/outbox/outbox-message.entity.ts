import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, TimestampColumn } from '../columns/timestamp-columns';

/**
 * A message waiting in (or already sent from) a service's transactional outbox: written in the transaction that
 * changes the state, published to the bus by the OutboxRelay after the commit, in `position` order. Add it to the
 * service's entities; its table is made by createOutboxTable() in one of the service's migrations.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
@Index('outbox_published_at_idx', ['publishedAt'], { where: 'published_at IS NOT NULL' })
export class OutboxMessage {
  /** Also the `message-id` header of the published message, unless the producer set one. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'outbox_pkey' })
  id!: string;

  /** Global order of the outbox (a bigint, as a decimal string). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  position!: string;

  @Column({ type: 'text' })
  topic!: string;

  /** Partitioning key: the directory id. */
  @Column({ type: 'text' })
  key!: string;

  /** The message's value; null when `payloadRef` names where the same transaction stored it. */
  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  /** What the relay's `resolvePayloads` turns into the value (e.g. an event id), when `payload` is null. */
  @Column({ type: 'text', nullable: true })
  payloadRef!: string | null;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @CreatedAtColumn()
  createdAt!: Date;

  /** When the relay had the bus acknowledge it; null while waiting. */
  @TimestampColumn({ nullable: true })
  publishedAt!: Date | null;
}
