export * from './config/validate-config';
export * from './logging/logging.module';
export * from './logging/redaction';
export * from './health/health.module';
export * from './health/readiness.service';
export * from './lifecycle/graceful-shutdown';
export { AdminApiKeyGuard } from './management-api/admin-api-key.guard';
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
