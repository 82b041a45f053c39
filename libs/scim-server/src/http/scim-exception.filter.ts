import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toScimErrorResponse } from './scim-error-response';
import { sendScimError } from './scim-response';
import { scimRequestState } from './scim-request-state';

/** Answers every error of the SCIM controllers with an RFC 7644 error body; never leaks internals. */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ScimExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const correlationId = scimRequestState(request)?.correlationId ?? 'unknown';
    const answer = toScimErrorResponse(exception, correlationId);
    if (answer.unexpected) {
      // The route pattern only: the URL may carry filters with personal data.
      this.logger.error(
        `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? 'unrouted'} failed (correlation id ${correlationId})`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    sendScimError(response, answer.error, answer.headers);
  }
}
