export {
  DirectoryModule,
  DIRECTORY_SCHEMA,
  type DirectoryModuleOptions,
  type DirectorySettings,
} from './directory.module';
export { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from './directory.tokens';
export { ScimCommandService } from './scim/scim-command.service';
export { ScimTokenAuthService, type ScimTokenIdentity } from './management';
export { ScimInternalReads } from './scim/scim-internal-reads';
export { ScimQueryService } from './scim/scim-query.service';
export { InProcessDirectoryGateway } from './scim/directory-gateway.service';
