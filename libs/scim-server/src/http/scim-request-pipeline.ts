import { Logger } from '@nestjs/common';
import type { DirectoryGateway, ScimIdentity } from '@scimflow/contracts';
import { isProviderId, normalizeScimRequest, type ProviderId } from '@scimflow/providers';
import { ScimError } from '@scimflow/scim';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loggableBody, redactSecrets } from '../request-log/redaction';
import type { RequestLogEntryEntity } from '../request-log/request-log-entry.entity';
import type { ScimResourceRoutes } from '../scim/scim-resource-routes';
import { bearerToken } from './bearer-token';
import { scimCallOf } from './scim-call.decorator';
import { DirectoryRateLimiter } from './directory-rate-limiter';
import { readScimBody } from './scim-body-parser';
import { toScimErrorResponse } from './scim-error-response';
import { scimQueryParams } from './scim-query-params';
import { setScimRequestState, type ScimRequestState } from './scim-request-state';
import { sendScim, sendScimError } from './scim-response';
import { parseScimRoute, SCIM_BASE_PATH } from './scim-route';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SCIM_BASE = SCIM_BASE_PATH.toLowerCase();

/** A request as the pipeline holds it: node:http's, with the body it read. */
type ScimRequest = IncomingMessage & { body?: unknown };

/** Where the pipeline hands finished requests: the RequestLogWriter (which never blocks). */
export interface RequestLogSink {
  record(entry: RequestLogEntryEntity): void;
}

/** Settings of the pipeline that come from the application. */
export interface ScimRequestPipelineOptions {
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Bodies larger than this are logged as `{ truncated: true, bytes }`. */
  maxLoggedBodyBytes: number;
}

function providerOf(identity: ScimIdentity): ProviderId {
  return isProviderId(identity.provider) ? identity.provider : 'generic-scim';
}

/**
 * What every SCIM request goes through, in this order: authentication (the bearer token must open the directory
 * in the URL), the directory's rate limit, the body (media type, size, JSON), then the directory's provider
 * profile; then a request for /Users or /Groups is answered by its handler ({@link ScimResourceRoutes}) and any
 * other goes on to the Nest controllers. It takes every request under `/scim/v2` on node:http, ahead of Express
 * and the framework's body parsers (see ScimPipelineInstaller), so that an unauthenticated caller learns nothing,
 * body errors get SCIM answers, and the lookups and writes of a sync do not pay for the framework's handling (with
 * it, a lookup took 2.5–2.7 ms of scim-ingress's CPU, without 1.6–1.7 ms; in the embedded mode 1.5–1.8 ms of the
 * main thread against 0.75–0.8 ms).
 * Each authenticated request is handed to the request log when its answer has been sent; each request it answers
 * itself gets its `request completed` log line here (the HTTP logger sees only those it hands on).
 */
export class ScimRequestPipeline {
  private readonly logger = new Logger(ScimRequestPipeline.name);
  private readonly limiter: DirectoryRateLimiter;

  constructor(
    private readonly gateway: DirectoryGateway,
    private readonly requestLog: RequestLogSink,
    private readonly options: ScimRequestPipelineOptions,
    private readonly routes: Pick<ScimResourceRoutes, 'handlerFor'>,
  ) {
    this.limiter = new DirectoryRateLimiter(options.rateLimitPerSecond, options.rateLimitBurst);
  }

  /** Whether a request for `url` is the pipeline's: under `/scim/v2` (in any case, as Express would mount it). */
  static covers(url: string | undefined): boolean {
    const start = (url ?? '').slice(0, SCIM_BASE.length + 1).toLowerCase();
    return start === SCIM_BASE || start === `${SCIM_BASE}/` || start === `${SCIM_BASE}?`;
  }

  /** Answers a request under the SCIM base, or gives it to the application with `handOn()`. */
  readonly handle = (request: ScimRequest, response: ServerResponse, handOn: () => void): void => {
    this.run(request, response, handOn).catch((error: unknown) => {
      this.logger.error(
        'SCIM request could not be answered',
        error instanceof Error ? error.stack : String(error),
      );
      response.destroy();
    });
  };

  private async run(request: ScimRequest, response: ServerResponse, handOn: () => void): Promise<void> {
    const startedAt = performance.now();
    const url = request.url ?? '';
    const method = request.method ?? '';
    const correlationId = this.correlationId(request);
    response.setHeader('X-Correlation-Id', correlationId);
    let handedOn = false;
    response.once('finish', () => {
      if (!handedOn) this.logCompleted(startedAt, correlationId, request, response);
    });
    const route = parseScimRoute(url);
    if (!route) {
      sendScimError(response, ScimError.notFound('No SCIM endpoint here: use /scim/v2/<directory id>.'));
      return;
    }
    const state: ScimRequestState = {
      route,
      receivedAt: new Date(),
      startedAt,
      correlationId,
    };
    setScimRequestState(request, state);
    response.once('finish', () => this.log(state, request, response));
    try {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) throw new ScimError(401, undefined, 'A bearer token is required.');
      const identity = await this.gateway.authenticate(route.directoryId, token);
      // The same answer for an unknown directory, a wrong token and another directory's token.
      if (!identity || identity.directoryId !== route.directoryId) {
        throw new ScimError(401, undefined, 'The bearer token is not valid for this endpoint.');
      }
      state.identity = identity;
      state.credential = createHash('sha256').update(token, 'utf8').digest('hex');
      const waitSeconds = this.limiter.take(route.directoryId);
      if (waitSeconds > 0) {
        sendScimError(
          response,
          new ScimError(429, undefined, 'Too many requests for this directory; retry later.'),
          {
            'Retry-After': String(waitSeconds),
          },
        );
        return;
      }
      const queryStart = url.indexOf('?');
      state.query = scimQueryParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
      await readScimBody(request, response);
      state.body = request.body;
      if (route.resourceType !== undefined) {
        state.normalized = normalizeScimRequest(
          {
            method,
            resourceType: route.resourceType,
            pathSegments: route.segments,
            query: state.query,
            headers: request.headers,
            body: state.body,
          },
          providerOf(identity),
        );
      }
      const handler = this.routes.handlerFor(method, route);
      if (!handler) {
        handedOn = true;
        handOn();
        return;
      }
      sendScim(response, await handler(scimCallOf(request)));
    } catch (error) {
      const answer = toScimErrorResponse(error, correlationId);
      if (answer.unexpected) {
        // The method and resource type only: the URL may carry filters with personal data.
        this.logger.error(
          `SCIM request ${method} ${route.resourceType ?? 'before routing'} failed (correlation id ${correlationId})`,
          error instanceof Error ? error.stack : String(error),
        );
      }
      if (response.headersSent) {
        response.end();
        return;
      }
      sendScimError(response, answer.error, answer.headers);
    }
  }

  /** The HTTP logger's line, for the requests it does not see (same fields; see LoggingModule). */
  private logCompleted(
    startedAt: number,
    correlationId: string,
    request: ScimRequest,
    response: ServerResponse,
  ): void {
    this.logger.log({
      msg: 'request completed',
      req: request,
      res: response,
      responseTime: Math.round(performance.now() - startedAt),
      correlationId,
    });
  }

  /** The caller's correlation id when it is a sane one, else a new one; the HTTP logger picks it up too. */
  private correlationId(request: ScimRequest): string {
    const given = request.headers[CORRELATION_HEADER];
    if (typeof given === 'string' && CORRELATION_ID.test(given)) return given;
    const generated = randomUUID();
    request.headers[CORRELATION_HEADER] = generated;
    return generated;
  }

  private log(state: ScimRequestState, request: ScimRequest, response: ServerResponse): void {
    const identity = state.identity;
    // Unauthenticated requests are not logged: anyone could fill the log of any directory id.
    if (!identity) return;
    try {
      const entry: RequestLogEntryEntity = {
        id: randomUUID(),
        directoryId: identity.directoryId,
        organizationId: identity.organizationId,
        receivedAt: state.receivedAt,
        method: request.method ?? '',
        path: `/${state.route.segments.join('/')}`,
        query: redactSecrets(state.query ?? {}) as Record<string, string>,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
        provider: identity.provider,
        detectedProvider: state.normalized?.detectedProvider ?? null,
        requestBody: loggableBody(state.body, this.options.maxLoggedBodyBytes),
        responseBody: loggableBody(state.responseBody, this.options.maxLoggedBodyBytes),
        normalization: {
          notes: [...(state.normalized?.notes ?? [])],
          warnings: [...(state.normalized?.warnings ?? [])],
        },
        correlationId: state.correlationId,
      };
      this.requestLog.record(entry);
    } catch (error) {
      this.logger.warn(`request log entry skipped: ${String(error)}`);
    }
  }
}
