export {
  PortalModule,
  PORTAL_SCHEMA,
  resolvePortalOptions,
  type PortalModuleOptions,
  type PortalSettings,
} from './portal.module';
export { PORTAL_CLOCK, PORTAL_DATA_SOURCE, type OrganizationExists, type PortalClock } from './portal.tokens';
export { httpOrganizationLookup } from './links/http-organization-lookup';
export { findPortalUiDir, isUiPath, RESERVED_PATH } from './spa/portal-ui-paths';
export { PORTAL_ENTITIES } from './entities';
export { PORTAL_MIGRATIONS } from './migrations';
