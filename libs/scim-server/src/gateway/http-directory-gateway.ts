import type {
  DirectoryGateway,
  ScimIdentity,
  ScimListRequest,
  ScimListResult,
  ScimResourceType,
} from '@scimflow/contracts';
import { SCIM_ERROR_SCHEMA } from '@scimflow/scim';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { scimErrorOf } from '../http/scim-error-response';
import { ScimServerException } from '../scim-server.exception';

/** Where directory-service's internal API is and how the ingress talks to it. */
export interface HttpDirectoryGatewayOptions {
  /** e.g. `http://directory-service:3002` */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <adminApiKey>`. */
  adminApiKey: string;
  /** Bound of each call (default 5 000 ms). */
  timeoutMs?: number;
  /** How long an accepted token is trusted without asking again (default 5 000 ms; 0 disables). */
  authCacheTtlMs?: number;
  /** Most cached tokens (default 10 000). */
  authCacheSize?: number;
}

interface CallResult {
  status: number;
  body: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Tokens directory-service hands out are 48 characters; it refuses anything over 1 024.
const MAX_TOKEN_LENGTH = 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScimErrorBody(body: unknown): body is { detail?: unknown; scimType?: unknown } {
  return isObject(body) && Array.isArray(body['schemas']) && body['schemas'].includes(SCIM_ERROR_SCHEMA);
}

/**
 * The DirectoryGateway of the distributed mode: directory-service's internal API over HTTP (node:http with
 * keep-alive connections: every SCIM request makes at least one call, and fetch costs several times the CPU), with
 * short timeouts. A network failure, a timeout or a 5xx becomes a ScimServerException (the
 * edge answers 503 + Retry-After); a SCIM error body is rethrown as that ScimError. Accepted tokens are cached
 * briefly, keyed by a hash of the token: a write carries the token's SHA-256, which directory-service checks in the
 * command's transaction, so a revoked token can at most read for the cache's lifetime.
 */
export class HttpDirectoryGateway implements DirectoryGateway {
  /** The request options of baseUrl, worked out once: parsing the URL of every call cost as much as its headers. */
  private readonly target: http.RequestOptions;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly authCacheTtlMs: number;
  private readonly authCacheSize: number;
  private readonly authCache = new Map<string, { identity: ScimIdentity; expiresAt: number }>();
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;

  constructor(private readonly options: HttpDirectoryGatewayOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.authCacheTtlMs = options.authCacheTtlMs ?? 5_000;
    this.authCacheSize = options.authCacheSize ?? 10_000;
    const base = new URL(options.baseUrl);
    const secure = base.protocol === 'https:';
    this.target = urlToHttpOptions(base);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.client = secure ? https : http;
    // An idle connection is dropped before directory-service's keep-alive timeout (Node's 5 s) can close it
    // under a request; the one retry below covers the close that still crosses a request on the wire.
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  }

  /** Closes the kept-alive connections to directory-service (Nest calls it when the application stops). */
  onModuleDestroy(): void {
    this.agent.destroy();
  }

  async authenticate(directoryId: string, token: string): Promise<ScimIdentity | null> {
    if (!UUID.test(directoryId) || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    const key = createHash('sha256').update(`${directoryId}\n${token}`, 'utf8').digest('base64');
    const cached = this.authCache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.identity;
    if (cached) this.authCache.delete(key);

    const { status, body } = await this.call('POST', '/internal/v1/scim-auth', { directoryId, token });
    if (status === 401) return null;
    if (status !== 200 || !isIdentity(body) || body.directoryId !== directoryId) {
      throw this.unexpected('POST /internal/v1/scim-auth', status);
    }
    const identity: ScimIdentity = {
      directoryId: body.directoryId,
      organizationId: body.organizationId,
      provider: body.provider,
    };
    if (this.authCacheTtlMs > 0) {
      if (this.authCache.size >= this.authCacheSize)
        this.authCache.delete(this.authCache.keys().next().value as string);
      this.authCache.set(key, { identity, expiresAt: Date.now() + this.authCacheTtlMs });
    }
    return identity;
  }

  async getResource(
    directoryId: string,
    resourceType: ScimResourceType,
    id: string,
    options: { excludeMembers?: boolean } = {},
  ): Promise<Record<string, unknown> | null> {
    const query = options.excludeMembers ? '?excludeMembers=true' : '';
    const path = `${this.resourcesPath(directoryId, resourceType)}/${encodeURIComponent(id)}${query}`;
    const { status, body } = await this.call('GET', path);
    if (status === 200 && isObject(body)) return body;
    if (status === 404 && isScimErrorBody(body)) return null;
    throw this.failure(`GET ${this.resourcesPath('…', resourceType)}/…`, status, body);
  }

  async listResources(directoryId: string, request: ScimListRequest): Promise<ScimListResult> {
    const params = new URLSearchParams({
      startIndex: String(request.startIndex),
      count: String(request.count),
    });
    if (request.filter !== undefined) params.set('filter', request.filter);
    if (request.sortBy !== undefined) params.set('sortBy', request.sortBy);
    if (request.sortOrder !== undefined) params.set('sortOrder', request.sortOrder);
    if (request.excludeMembers) params.set('excludeMembers', 'true');
    if (request.acrossResourceTypes) params.set('acrossResourceTypes', 'true');
    const { status, body } = await this.call(
      'GET',
      `${this.resourcesPath(directoryId, request.resourceType)}?${params}`,
    );
    if (
      status === 200 &&
      isObject(body) &&
      typeof body['totalResults'] === 'number' &&
      Array.isArray(body['resources'])
    ) {
      return {
        totalResults: body['totalResults'],
        resources: body['resources'] as Array<Record<string, unknown>>,
      };
    }
    throw this.failure(`GET ${this.resourcesPath('…', request.resourceType)}`, status, body);
  }

  /** Whether directory-service answers and accepts the admin key: a lookup of a resource that cannot exist. */
  async isHealthy(): Promise<boolean> {
    const nil = '00000000-0000-0000-0000-000000000000';
    try {
      const { status, body } = await this.call('GET', `${this.resourcesPath(nil, 'User')}/${nil}`);
      return status === 404 && isScimErrorBody(body);
    } catch {
      return false;
    }
  }

  private resourcesPath(directoryId: string, resourceType: ScimResourceType): string {
    return `/internal/v1/directories/${encodeURIComponent(directoryId)}/resources/${resourceType}`;
  }

  private async call(method: 'GET' | 'POST', path: string, json?: unknown): Promise<CallResult> {
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.send(
        method,
        path,
        json === undefined ? undefined : JSON.stringify(json),
      ));
    } catch (error) {
      // The path, never the body: the token check sends a bearer token.
      throw ScimServerException.unavailable(
        `directory-service did not answer ${method} ${path.split('?')[0]}: ${String(error)}`,
        error,
      );
    }
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status, body };
  }

  /** Every call is a read or the token check, so one on a kept-alive connection that the server closed is repeated. */
  private async send(
    method: string,
    path: string,
    payload?: string,
  ): Promise<{ status: number; text: string }> {
    try {
      return await this.sendOnce(method, path, payload);
    } catch (error) {
      if (!(error instanceof StaleConnectionError)) throw error;
      return this.sendOnce(method, path, payload);
    }
  }

  private sendOnce(
    method: string,
    path: string,
    payload?: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((settle, fail) => {
      // A timer cleared when the call ends, rather than AbortSignal.timeout: that one's timer fires after every call
      // (building an abort reason nobody reads), which cost a lookup more than the deadline is worth.
      const deadline = setTimeout(
        () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      const resolve = (value: { status: number; text: string }): void => {
        clearTimeout(deadline);
        settle(value);
      };
      const reject = (error: Error): void => {
        clearTimeout(deadline);
        fail(error);
      };
      const request = this.client.request(
        {
          ...this.target,
          path: `${this.basePath}${path}`,
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.options.adminApiKey}`,
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          request.reusedSocket && STALE_CONNECTION_CODES.has(error.code ?? '')
            ? new StaleConnectionError(error)
            : error,
        ),
      );
      request.end(payload);
    });
  }

  /** A SCIM error body is the client's problem and passes through; anything else means directory-service failed. */
  private failure(call: string, status: number, body: unknown): Error {
    if (status >= 400 && status < 500 && status !== 401 && status !== 403 && isScimErrorBody(body)) {
      return scimErrorOf(
        status,
        typeof body.scimType === 'string' ? body.scimType : undefined,
        String(body.detail ?? ''),
      );
    }
    return this.unexpected(call, status);
  }

  private unexpected(call: string, status: number): ScimServerException {
    if (status >= 500)
      return ScimServerException.unavailable(`directory-service failed ${call} with ${status}`);
    // 401/403 here means directory-service refused the admin API key: a configuration error, not the client's.
    return ScimServerException.unexpected(`directory-service answered ${call} with an unexpected ${status}`);
  }
}

const IDLE_SOCKET_MS = 4_000;
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** A kept-alive connection that the server closed as a request went out on it (the calls are reads: safe to repeat). */
class StaleConnectionError extends Error {
  constructor(cause: Error) {
    super(`stale keep-alive connection: ${cause.message}`, { cause });
  }
}

function isIdentity(body: unknown): body is ScimIdentity {
  return (
    isObject(body) &&
    typeof body['directoryId'] === 'string' &&
    typeof body['organizationId'] === 'string' &&
    typeof body['provider'] === 'string'
  );
}
