import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The permanent, sequenced event log of every directory: what the events API and replays read. */
@Entity({ schema: 'directory', name: 'events' })
@Index('events_directory_sequence_key', ['directoryId', 'sequence'], { unique: true })
@Index('events_organization_position_idx', ['organizationId', 'position'])
@Index('events_position_key', ['position'], { unique: true })
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

  /**
   * Place in the log of all directories, given shortly after commit (null until then) in visibility order: what
   * the events API pages by across directories. Each directory's events get positions in sequence order.
   */
  @Column('bigint', {
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  position!: number | null;
}
