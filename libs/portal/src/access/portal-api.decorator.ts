import { UseFilters, UseGuards, UsePipes, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiInternalServerErrorResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  ADMIN_API_KEY_SECURITY,
  ErrorResponseDto,
  ManagementApiExceptionFilter,
  ManagementValidationPipe,
} from '@scimflow/service-kit';
import { PortalAccessGuard } from './portal-access.guard';

/**
 * The management API's conventions (error format, validation, OpenAPI) with the portal's guard, which also
 * accepts organization-scoped portal sessions where a route allows them.
 */
export function PortalApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(ADMIN_API_KEY_SECURITY),
    ApiExtraModels(ErrorResponseDto),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description: 'Missing or wrong admin API key or portal session.',
    }),
    ApiForbiddenResponse({
      type: ErrorResponseDto,
      description: 'A portal session outside its organization.',
    }),
    ApiInternalServerErrorResponse({
      type: ErrorResponseDto,
      description: 'Unexpected error; details are logged only.',
    }),
    UseFilters(ManagementApiExceptionFilter),
    UseGuards(PortalAccessGuard),
    UsePipes(ManagementValidationPipe),
  );
}
