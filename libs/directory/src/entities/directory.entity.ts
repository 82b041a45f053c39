import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type DirectoryStatus = 'pending' | 'active';

@Entity({ schema: 'directory', name: 'directories' })
@Index('directories_organization_id_idx', ['organizationId', 'createdAt'])
export class DirectoryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('text')
  provider!: string;

  @Column('text')
  name!: string;

  /** 'pending' until the first successful SCIM request, then 'active'. */
  @Column('text', { default: 'pending' })
  status!: DirectoryStatus;

  /** SHA-256 of the bearer token (hex). The token itself is never stored. */
  @Index('directories_token_hash_key', { unique: true })
  @Column('text')
  tokenHash!: string;

  @Index('directories_previous_token_hash_idx', { where: 'previous_token_hash IS NOT NULL' })
  @Column('text', { nullable: true })
  previousTokenHash!: string | null;

  @Column('timestamptz', { nullable: true })
  previousTokenExpiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastRequestAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  activatedAt!: Date | null;

  /** Last event sequence number given out in this directory. */
  @Column('bigint', { default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  lastSequence!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
