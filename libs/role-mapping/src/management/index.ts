import type { Provider, Type } from '@nestjs/common';
import { AdminApiKeyGuard } from '@scimflow/service-kit';
import { RoleMappingsController } from './role-mappings.controller';
import { RoleMappingsService } from './role-mappings.service';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';
import { UserRolesController } from './user-roles.controller';
import { UserRolesService } from './user-roles.service';

export { RoleMappingsService } from './role-mappings.service';
export { RolesService } from './roles.service';
export { UserRolesService } from './user-roles.service';

/** The controllers of role-mapping-service's management API (`/api/v1/...`). Mount them without a route prefix. */
export const MANAGEMENT_CONTROLLERS: Type<unknown>[] = [
  RolesController,
  RoleMappingsController,
  UserRolesController,
];

/** Their providers. The host module must also provide ROLE_MAPPING_DATA_SOURCE and MANAGEMENT_API_OPTIONS. */
export const MANAGEMENT_PROVIDERS: Provider[] = [
  AdminApiKeyGuard,
  RolesService,
  RoleMappingsService,
  UserRolesService,
];
