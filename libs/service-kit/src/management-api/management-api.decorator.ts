import { UseFilters, UseGuards, UsePipes, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiInternalServerErrorResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { ErrorResponseDto } from './error-response.dto';
import { ManagementApiExceptionFilter } from './management-api-exception.filter';
import { ADMIN_API_KEY_SECURITY } from './management-api.tokens';
import { ManagementValidationPipe } from './management-validation.pipe';

/**
 * What every management controller shares: the guard (the admin API key everywhere, a portal session where the
 * route's ManagementAccess rule admits it), validation, the error format, and their OpenAPI
 * description. The filter is applied here rather than globally so that the SCIM edge, mounted in the same
 * process in the embedded mode, keeps its own RFC 7644 errors.
 */
export function ManagementApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(ADMIN_API_KEY_SECURITY),
    ApiExtraModels(ErrorResponseDto),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description: 'Missing or wrong admin API key, or an invalid or expired portal session.',
    }),
    ApiForbiddenResponse({
      type: ErrorResponseDto,
      description: 'A portal session outside its organization, or on a route for the operator only.',
    }),
    ApiInternalServerErrorResponse({
      type: ErrorResponseDto,
      description: 'Unexpected error; details are logged only.',
    }),
    UseFilters(ManagementApiExceptionFilter),
    UseGuards(AdminApiKeyGuard),
    UsePipes(ManagementValidationPipe),
  );
}
