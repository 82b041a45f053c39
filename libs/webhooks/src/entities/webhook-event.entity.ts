import type { EventEnvelope } from '@scimflow/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/** A copy of each event that some endpoint was to receive: what deliveries send and replays re-send. */
@Entity({ schema: 'webhooks', name: 'events' })
@Index('events_organization_occurred_idx', ['organizationId', 'occurredAt'])
@Index('events_occurred_idx', ['occurredAt'])
export class WebhookEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('bigint', { transformer: bigintAsNumber })
  sequence!: number;

  @Column('text')
  type!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  /** The envelope as received. */
  @Column('jsonb')
  body!: EventEnvelope;

  @Column('timestamptz', { default: () => 'now()' })
  storedAt!: Date;
}
