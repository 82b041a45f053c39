import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEventEntity } from './webhook-event.entity';

/** pending: waiting for its (first or next) attempt; failed: last attempt failed, retry at nextAttemptAt. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/**
 * One event to one endpoint (once live, and once more per replay). Deliveries of the same endpoint and directory
 * form a stream, delivered in sequence order: a delivery is attempted only when no earlier one of its stream is
 * still open (pending or failed).
 */
@Entity({ schema: 'webhooks', name: 'deliveries' })
@Check('deliveries_status_check', "status IN ('pending', 'succeeded', 'failed', 'dead')")
@Index('deliveries_endpoint_event_key', ['endpointId', 'eventId'], {
  unique: true,
  where: 'replay_id IS NULL',
})
@Index('deliveries_endpoint_event_replay_key', ['endpointId', 'eventId', 'replayId'], {
  unique: true,
  where: 'replay_id IS NOT NULL',
})
@Index('deliveries_stream_open_idx', ['endpointId', 'directoryId', 'sequence', 'createdAt', 'id'], {
  where: "status IN ('pending', 'failed')",
})
@Index('deliveries_endpoint_due_idx', ['endpointId', 'nextAttemptAt'], {
  where: "status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL",
})
@Index('deliveries_due_idx', ['nextAttemptAt'], {
  where: "status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL",
})
@Index('deliveries_leased_idx', ['endpointId', 'directoryId'], { where: 'locked_until IS NOT NULL' })
@Index('deliveries_endpoint_created_idx', ['endpointId', 'createdAt', 'sequence', 'id'])
@Index('deliveries_replay_idx', ['replayId', 'directoryId'], { where: 'replay_id IS NOT NULL' })
@Index('deliveries_event_idx', ['eventId'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  endpointId!: string;

  // declared so that the schema the entities describe has the migration's foreign keys (no drift)
  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'deliveries_endpoint_id_fkey' })
  endpoint?: WebhookEndpointEntity;

  @Column('uuid')
  eventId!: string;

  @ManyToOne(() => WebhookEventEntity)
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'deliveries_event_id_fkey' })
  event?: WebhookEventEntity;

  @Column('uuid')
  directoryId!: string;

  @Column('bigint', { transformer: bigintAsNumber })
  sequence!: number;

  /** Set on deliveries made by a replay (all of one replay share it). */
  @Column('uuid', { nullable: true })
  replayId!: string | null;

  @Column('text', { default: 'pending' })
  status!: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts!: number;

  /** When it may be attempted; null while it waits for an earlier delivery of its stream. */
  @Column('timestamptz', { nullable: true })
  nextAttemptAt!: Date | null;

  /** Lease of the dispatcher instance sending it; another instance may take it once this has passed. */
  @Column('timestamptz', { nullable: true })
  lockedUntil!: Date | null;

  /** The dispatcher instance that claimed it last. */
  @Column('text', { nullable: true })
  lockedBy!: string | null;

  /** HTTP status of the last attempt, if it got one. */
  @Column('integer', { nullable: true })
  lastStatus!: number | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
