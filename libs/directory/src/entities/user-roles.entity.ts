import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The roles a user holds, as the last directory.user.roles_updated said (role-mapping-service owns the
 * computation; this copy lets the user detail show roles without reading its tables).
 */
@Entity({ schema: 'directory', name: 'user_roles' })
export class UserRolesEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @Column('uuid')
  directoryId!: string;

  /** [{ role, groupIds }] */
  @Column('jsonb')
  grants!: Array<{ role: string; groupIds: string[] }>;

  @Column('timestamptz')
  updatedAt!: Date;
}
