export {
  RoleMappingModule,
  ROLE_MAPPING_SCHEMA,
  type RoleMappingModuleOptions,
  type RoleMappingSettings,
} from './role-mapping.module';
export {
  ROLE_MAPPING_CONSUMER,
  ROLE_MAPPING_DATA_SOURCE,
  ROLE_MAPPING_OPTIONS,
  type RoleMappingOptions,
} from './role-mapping.tokens';
export { computeRoles, sameRoles } from './computation/compute-roles';
export {
  MAPPING_MODES,
  MappingModes,
  type GroupSelector,
  type MappingMode,
  type MappingRule,
  type RoleAssignment,
  type RoleGrant,
  type RoleMapping,
  type UserMembership,
} from './computation/role-mapping.types';
export type { RolesUpdatedData, RolesUpdatedMessage } from './events/roles-updated-message';
export type { UserSnapshot } from './entities/projected-user.entity';
export { RecomputeJobsService } from './recompute/recompute-jobs.service';
export { RoleMappingsService, RolesService, UserRolesService } from './management';
