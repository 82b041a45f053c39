import type { Provider, Type } from '@nestjs/common';
import { AdminApiKeyGuard } from '@scimflow/service-kit';
import { DirectoryActivity } from './directory-activity';
import { DirectoriesController } from './directories.controller';
import { DirectoriesService } from './directories.service';
import { DirectoryEventsService } from './directory-events.service';
import { DirectoryGroupsController } from './directory-groups.controller';
import { DirectoryGroupsService } from './directory-groups.service';
import { DirectoryUsersController } from './directory-users.controller';
import { DirectoryUsersService } from './directory-users.service';
import { EventsController } from './events.controller';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { ProvidersController } from './providers.controller';
import { ScimAuthController } from './scim-auth.controller';
import { ScimTokenAuthService } from './scim-token-auth.service';

export { DirectoriesService } from './directories.service';
export { DirectoryEventsService } from './directory-events.service';
export { DirectoryGroupsService } from './directory-groups.service';
export { DirectoryUsersService } from './directory-users.service';
export { OrganizationsService } from './organizations.service';
export { ScimTokenAuthService, type ScimTokenIdentity } from './scim-token-auth.service';

/**
 * The controllers of the management API (`/api/v1/...`) and of the internal SCIM token check
 * (`/internal/v1/scim-auth`). Mount them without a global route prefix.
 */
export const MANAGEMENT_CONTROLLERS: Type<unknown>[] = [
  ProvidersController,
  OrganizationsController,
  DirectoriesController,
  DirectoryUsersController,
  DirectoryGroupsController,
  EventsController,
  ScimAuthController,
];

/**
 * The providers of the management API. The host module must also provide DIRECTORY_DATA_SOURCE,
 * DIRECTORY_OPTIONS, DirectoryEventWriter and MANAGEMENT_API_OPTIONS.
 */
export const MANAGEMENT_PROVIDERS: Provider[] = [
  AdminApiKeyGuard,
  OrganizationsService,
  DirectoriesService,
  DirectoryUsersService,
  DirectoryGroupsService,
  DirectoryEventsService,
  ScimTokenAuthService,
  DirectoryActivity,
];
