import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A SCIM user. `attributes` holds the resource as stored (RFC 7643 shape, without id and meta); the columns
 * beside it are the indexed copies that filters, sorting and uniqueness use.
 */
@Entity({ schema: 'directory', name: 'users' })
@Index('users_directory_user_name_key', ['directoryId', 'userNameLower'], { unique: true })
@Index('users_directory_external_id_idx', ['directoryId', 'externalId'])
@Index('users_directory_created_idx', ['directoryId', 'createdAt', 'id'])
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('text', { nullable: true })
  externalId!: string | null;

  @Column('text')
  userName!: string;

  @Column('text')
  userNameLower!: string;

  @Column('text', { nullable: true })
  emailLower!: string | null;

  @Column('text', { nullable: true })
  displayName!: string | null;

  @Column('boolean')
  active!: boolean;

  @Column('jsonb')
  attributes!: Record<string, unknown>;

  /** Bumped on every change; the ETag is W/"<version>". */
  @Column('integer')
  version!: number;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
