import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A SCIM group; members live in `memberships`, never in `attributes`. */
@Entity({ schema: 'directory', name: 'groups' })
@Index('groups_directory_display_name_key', ['directoryId', 'displayNameLower'], { unique: true })
@Index('groups_directory_external_id_idx', ['directoryId', 'externalId'])
@Index('groups_directory_created_idx', ['directoryId', 'createdAt', 'id'])
export class GroupEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('text', { nullable: true })
  externalId!: string | null;

  @Column('text')
  displayName!: string;

  @Column('text')
  displayNameLower!: string;

  @Column('jsonb')
  attributes!: Record<string, unknown>;

  @Column('integer')
  memberCount!: number;

  @Column('integer')
  version!: number;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
