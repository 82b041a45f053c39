import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The permanent, sequenced event log of every directory: what the events API and replays read. */
@Entity({ schema: 'directory', name: 'events' })
@Index('events_directory_sequence_key', ['directoryId', 'sequence'], { unique: true })
@Index('events_organization_idx', ['organizationId', 'occurredAt'])
export class EventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sequence!: number;

  @Column('text')
  type!: string;

  @Column('integer')
  version!: number;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('jsonb')
  data!: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  previousAttributes!: Record<string, unknown> | null;
}
