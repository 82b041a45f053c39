import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MappingMode, MappingRule } from '../computation/role-mapping.types';

/** An organization's saved group→role mapping. Without a row, the organization gets the default role only. */
@Entity({ schema: 'role_mapping', name: 'organization_mappings' })
export class OrganizationMappingEntity {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @Column('text')
  mode!: MappingMode;

  @Column('text', { nullable: true })
  defaultRole!: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  rules!: MappingRule[];

  /** Bumped on every save. */
  @Column('integer')
  version!: number;

  @Column('timestamptz')
  updatedAt!: Date;
}
