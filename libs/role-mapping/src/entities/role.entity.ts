import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A role of the application. The key is stable (rules and events name roles by it); the rest may change. */
@Entity({ schema: 'role_mapping', name: 'roles' })
@Index('roles_single_default_key', ['isDefault'], { unique: true, where: 'is_default' })
export class RoleEntity {
  /** kebab-case, e.g. `billing-admin`. */
  @PrimaryColumn('text')
  key!: string;

  @Column('text')
  name!: string;

  @Column('text', { default: '' })
  description!: string;

  /** Higher wins in the highest-priority mode. */
  @Column('integer', { default: 0 })
  priority!: number;

  /** The default role of organizations that have not saved a mapping; at most one role has it. */
  @Column('boolean', { default: false })
  isDefault!: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
