import { All, Controller, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ScimError } from '@scimflow/scim';
import type { Request, Response } from 'express';
import { ScimExceptionFilter } from '../http/scim-exception.filter';
import { scimRequestState } from '../http/scim-request-state';
import { allowedMethods } from '../http/scim-route';

/**
 * Any other request under a directory's SCIM base, answered with a SCIM body rather than the framework's own: 405
 * (with an Allow header) for a method an endpoint does not answer, 404 for a path that names no endpoint.
 * Registered last, after every SCIM route.
 */
@ApiExcludeController()
@UseFilters(ScimExceptionFilter)
@Controller('scim/v2')
export class ScimFallbackController {
  @All('*path')
  unknown(@Req() request: Request, @Res() response: Response): never {
    const route = scimRequestState(request)?.route;
    const allowed = route ? allowedMethods(route) : undefined;
    if (allowed && !allowed.includes(request.method)) {
      response.setHeader('Allow', allowed.join(', '));
      throw ScimError.methodNotAllowed(
        `${request.method} is not allowed on ${request.path}; it answers ${allowed.join(', ')}.`,
      );
    }
    throw ScimError.notFound(`No SCIM endpoint for ${request.method} ${request.path}`);
  }
}
