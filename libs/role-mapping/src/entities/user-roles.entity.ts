import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RoleGrant } from '../computation/role-mapping.types';

/**
 * The roles a user holds as last announced to the application. A recomputation compares with this row, so
 * that only a real change of the set produces an event, and replaying directory events produces none.
 */
@Entity({ schema: 'role_mapping', name: 'user_roles' })
@Index('user_roles_roles_idx', { synchronize: false })
export class UserRolesEntity {
  @PrimaryColumn('uuid')
  userId!: string;

  @Column('uuid')
  directoryId!: string;

  @Column('uuid')
  organizationId!: string;

  /** Sorted role keys. */
  @Column('text', { array: true, default: () => "'{}'" })
  roles!: string[];

  @Column('jsonb', { default: () => "'[]'" })
  grants!: RoleGrant[];

  @Column('timestamptz')
  updatedAt!: Date;
}
