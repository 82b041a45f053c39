import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A message some consumer gave up on for good, kept so an operator can see it and why. */
@Entity({ schema: 'directory', name: 'dead_letters' })
@Index('dead_letters_received_idx', ['receivedAt', 'id'])
export class DeadLetterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The topic the message was first published on. */
  @Column('text')
  topic!: string;

  /** `<topic>/<partition>@<offset>` of the original message. */
  @Index('dead_letters_source_key', { unique: true })
  @Column('text')
  source!: string;

  @Column('text')
  consumerGroup!: string;

  @Column('text')
  reason!: string;

  @Column('text')
  messageKey!: string;

  @Column('jsonb', { nullable: true })
  payload!: unknown;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('timestamptz')
  receivedAt!: Date;
}
