import { All, Controller, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ScimError } from '@scimflow/scim';
import type { Request } from 'express';
import { ScimExceptionFilter } from '../http/scim-exception.filter';

/**
 * Any other path under a directory's SCIM base: a SCIM 404 rather than the framework's own body. Registered
 * last, after every SCIM route.
 */
@ApiExcludeController()
@UseFilters(ScimExceptionFilter)
@Controller('scim/v2')
export class ScimFallbackController {
  @All('*path')
  unknown(@Req() request: Request): never {
    throw ScimError.notFound(`No SCIM endpoint for ${request.method} ${request.path}`);
  }
}
