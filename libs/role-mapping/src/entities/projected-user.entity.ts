import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What an application is told about a user in a roles_updated event. */
export interface UserSnapshot {
  id: string;
  userName: string;
  email: string | null;
  displayName: string | null;
  active: boolean;
}

/** A user as learned from directory.events.v1 (never read from directory-service's tables). */
@Entity({ schema: 'role_mapping', name: 'users' })
@Index('users_organization_id_idx', ['organizationId', 'id'])
@Index('users_directory_id_idx', ['directoryId'])
export class ProjectedUserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('boolean')
  active!: boolean;

  @Column('jsonb')
  snapshot!: UserSnapshot;

  @Column('timestamptz')
  updatedAt!: Date;
}
