import type { EntityManager } from 'typeorm';
import { MappingModes, type RoleMapping } from '../computation/role-mapping.types';
import { OrganizationMappingEntity } from '../entities/organization-mapping.entity';
import { RoleEntity } from '../entities/role.entity';

/** The roles of the application, as the computation needs them. */
export interface RoleCatalog {
  /** key → priority */
  priorities: Map<string, number>;
  /** The role flagged as default, if any: the default of organizations without a saved mapping. */
  defaultRole: string | null;
}

export async function loadRoleCatalog(manager: EntityManager): Promise<RoleCatalog> {
  const roles = await manager.find(RoleEntity, { select: ['key', 'priority', 'isDefault'] });
  return {
    priorities: new Map(roles.map((role) => [role.key, role.priority])),
    defaultRole: roles.find((role) => role.isDefault)?.key ?? null,
  };
}

/** The mapping an organization that never saved one has: no rules, the application's default role. */
export function unsavedMapping(catalog: RoleCatalog): RoleMapping {
  return { mode: MappingModes.multiple, defaultRole: catalog.defaultRole, rules: [] };
}

/** The mapping in force for each of `organizationIds`, by organization. */
export async function loadEffectiveMappings(
  manager: EntityManager,
  organizationIds: readonly string[],
  catalog: RoleCatalog,
): Promise<(organizationId: string) => RoleMapping> {
  const unique = [...new Set(organizationIds)];
  const saved = unique.length
    ? await manager
        .createQueryBuilder(OrganizationMappingEntity, 'mapping')
        .where('mapping.organization_id = ANY(:ids)', { ids: unique })
        .getMany()
    : [];
  const byOrganization = new Map<string, RoleMapping>(
    saved.map((row) => [
      row.organizationId,
      { mode: row.mode, defaultRole: row.defaultRole, rules: row.rules },
    ]),
  );
  const fallback = unsavedMapping(catalog);
  return (organizationId) => byOrganization.get(organizationId) ?? fallback;
}
