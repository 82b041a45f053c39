import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { toManagementErrorResponse } from './management-error-response';

const MANAGEMENT_PATH = /^\/(api|internal)\/v1(\/|$)/;

/**
 * Answers every error of the management and internal routes as `{ error: { code, message } }`. The management
 * controllers carry it; an app can also register it globally (`app.useGlobalFilters(new
 * ManagementApiExceptionFilter(httpAdapter))`) so that errors raised before routing (malformed JSON, a body
 * too large) get the same shape. Errors of any other path go to Nest's default handling.
 */
@Catch()
export class ManagementApiExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(ManagementApiExceptionFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    // Apps connect their bus handlers with inheritAppConfig, so this global filter also sees message
    // handler errors: those belong to the transport (retry or dead letter), never to an HTTP answer.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = host.getType() === 'http' ? http.getRequest<Request>() : undefined;
    if (!request || !MANAGEMENT_PATH.test(request.path)) {
      super.catch(exception, host);
      return;
    }
    const response = http.getResponse<Response>();
    const answer = toManagementErrorResponse(exception);
    if (answer.unexpected) {
      // The route pattern only, never the URL or headers: they may carry cursors, keys or tokens.
      this.logger.error(
        `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? 'unrouted request'} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (answer.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(answer.status).json(answer.body);
  }
}
