import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createProxyMiddleware, proxyEventsPlugin } from 'http-proxy-middleware';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { upstreamFor, type Upstream } from './gateway-routes';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.tokens';

const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * The public origin's reverse proxy: a request for a service (see gateway-routes) is streamed to it untouched,
 * body included (the app parses no body before this); any other request gets its JSON body parsed and goes on
 * to the portal's own routes. A service that does not answer gets 502/504 on the management API and a SCIM
 * 503 with Retry-After on /scim, so identity providers retry later.
 */
@Injectable()
export class GatewayProxyMiddleware implements NestMiddleware {
  private readonly logger = new Logger(GatewayProxyMiddleware.name);
  private readonly proxy: RequestHandler;
  private readonly parseJson = express.json({ limit: '100kb' });

  constructor(@Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions) {
    this.proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      router: (request) =>
        this.options.upstreams[(request as IncomingMessage & { upstream: Upstream }).upstream],
      changeOrigin: false,
      xfwd: true,
      proxyTimeout: options.upstreamTimeoutMs,
      // Our own error answers only: the default plugins would write a plain-text one.
      ejectPlugins: true,
      plugins: [proxyEventsPlugin],
      on: {
        proxyReq: (proxyRequest, request) => {
          // pino-http's id: the services log the same correlation id.
          const id = (request as IncomingMessage & { id?: unknown }).id;
          if (typeof id === 'string' || typeof id === 'number')
            proxyRequest.setHeader('x-correlation-id', String(id));
        },
        error: (error, request, response) =>
          this.answerError(error as NodeJS.ErrnoException, request, response),
      },
    }) as unknown as RequestHandler;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const upstream = upstreamFor(request.path);
    if (!upstream) {
      this.parseJson(request, response, next);
      return;
    }
    (request as Request & { upstream: Upstream }).upstream = upstream;
    void this.proxy(request, response, next);
  }

  private answerError(
    error: NodeJS.ErrnoException,
    request: IncomingMessage,
    response: ServerResponse | Socket,
  ): void {
    const upstream = (request as IncomingMessage & { upstream?: Upstream }).upstream ?? 'a service';
    this.logger.warn(
      `${upstream} did not answer ${request.method} ${upstreamPathOf(request)}: ${error.code ?? error.message}`,
    );
    if (!('writeHead' in response)) {
      response.destroy();
      return;
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    const timedOut = error.code === 'ECONNRESET' || error.code === 'ETIMEDOUT';
    if ((request.url ?? '').toLowerCase().startsWith('/scim')) {
      response.writeHead(503, { 'content-type': 'application/scim+json', 'retry-after': '5' });
      response.end(
        JSON.stringify({
          schemas: [SCIM_ERROR_SCHEMA],
          status: '503',
          detail: 'The service is unavailable; retry later.',
        }),
      );
      return;
    }
    const status = timedOut ? 504 : 502;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: {
          code: timedOut ? 'gateway_timeout' : 'bad_gateway',
          message: `${upstream} is unavailable; retry later.`,
        },
      }),
    );
  }
}

/** The path without its query: queries may carry filters with user data, never logged. */
function upstreamPathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?')[0] ?? '';
}
