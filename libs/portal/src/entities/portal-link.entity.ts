import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, TimestampColumn } from '@scimflow/persistence';

/** A magic link to the portal for one organization's IT admin. The token itself is never stored. */
@Entity({ schema: 'portal', name: 'portal_links' })
@Index('portal_links_organization_id_idx', ['organizationId', 'createdAt'])
export class PortalLinkEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  organizationId!: string;

  /** SHA-256 of the link's token (hex). */
  @Index('portal_links_token_hash_key', { unique: true })
  @Column('text')
  tokenHash!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimestampColumn()
  expiresAt!: Date;

  @TimestampColumn({ nullable: true })
  revokedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  lastUsedAt!: Date | null;
}
