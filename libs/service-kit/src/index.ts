export * from './config/validate-config';
export * from './logging/logging.module';
export * from './logging/redaction';
export * from './health/health.module';
export * from './health/readiness.service';
export * from './http/serve-ahead';
export * from './lifecycle/graceful-shutdown';
export { AdminApiKeyGuard, assertAdminApiKey } from './management-api/admin-api-key.guard';
export { ManagementApiExceptionFilter } from './management-api/management-api-exception.filter';
export {
  ManagementApiException,
  ManagementErrorCodes,
  type ManagementErrorCode,
} from './management-api/management-api.exception';
export {
  ADMIN_API_KEY_SECURITY,
  MANAGEMENT_API_OPTIONS,
  type ManagementApiOptions,
} from './management-api/management-api.tokens';
export { ManagementValidationPipe } from './management-api/management-validation.pipe';
export { ManagementApi } from './management-api/management-api.decorator';
export { toManagementErrorResponse } from './management-api/management-error-response';
export { ErrorResponseDto } from './management-api/error-response.dto';
export { ErrorDetailDto } from './management-api/error-detail.dto';
export { generateScimToken, sameSecret, sameSha256Hex, sha256Hex } from './management-api/secret-hash';
export { createManagementOpenApiDocument, serveManagementOpenApi } from './management-api/management-openapi';
export {
  derivePortalSessionSecret,
  isPortalSessionToken,
  PORTAL_SESSION_PREFIX,
  resolvePortalSessionSecret,
  signPortalSession,
  verifyPortalSession,
  type PortalSessionClaims,
} from './auth/portal-session-token';
export {
  bearerCredential,
  principalOf,
  rememberPrincipal,
  type ManagementPrincipal,
} from './auth/management-principal';
export {
  MANAGEMENT_ACCESS,
  ManagementAccess,
  type ManagementAccessRule,
} from './auth/management-access.decorator';
export { DIRECTORY_ORGANIZATIONS, type DirectoryOrganizations } from './auth/directory-organizations';
export {
  HttpDirectoryOrganizations,
  type HttpDirectoryOrganizationsOptions,
} from './auth/http-directory-organizations';
export * from './config/service-config';
export * from './management-api/page-cursor';
