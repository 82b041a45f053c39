import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ScimListRequest, ScimResourceType } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import {
  assertAdminApiKey,
  bearerCredential,
  MANAGEMENT_API_OPTIONS,
  ManagementApiException,
  serveAhead,
  toManagementErrorResponse,
  type ManagementApiOptions,
} from '@scimflow/service-kit';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ScimQueryService } from './scim-query.service';

const RESOURCE_TYPES: readonly ScimResourceType[] = ['User', 'Group'];

/** `/internal/v1/directories/{directoryId}/resources/{resourceType}[/{id}][?query]` */
const READ_PATH = /^\/internal\/v1\/directories\/([^/?]+)\/resources\/([^/?]+)(?:\/([^/?]+))?\/?(?:\?(.*))?$/;

interface Answer {
  status: number;
  body: unknown;
}

/**
 * directory-service's read API for scim-ingress: `GET /internal/v1/directories/{directoryId}/resources/{User|Group}`
 * (a SCIM list: filter, startIndex, count, sortBy, sortOrder, excludeMembers, acrossResourceTypes) and
 * `…/{User|Group}/{id}` (excludeMembers), guarded by the admin API key. Failures of the request are RFC 7644 error
 * bodies, so the ingress passes them on unchanged; a wrong key is the management API's 401.
 *
 * It is answered by node:http in front of Express and Nest ({@link serveOn}): every SCIM lookup of the distributed
 * mode makes this call, and Express' and Nest's handling (routing through the application's layers, request
 * logging, guard, response helpers) cost more CPU than the query itself: directory-service's CPU a lookup went
 * from 2.2–2.4 ms to 1.1–1.2 ms without them. These reads are not logged one line each (scim-ingress logs the SCIM
 * request); a failure is.
 */
@Injectable()
export class ScimInternalReads {
  private readonly logger = new Logger(ScimInternalReads.name);

  constructor(
    private readonly queries: ScimQueryService,
    @Inject(MANAGEMENT_API_OPTIONS) private readonly options: ManagementApiOptions,
  ) {}

  /** Answers the read API on `server` ahead of its other request listeners (the Express application). */
  serveOn(server: Server): void {
    serveAhead(server, (request, response, handOn) => {
      if (!this.handle(request, response)) handOn();
    });
  }

  /** Whether `request` is a read of this API; if so it is being answered. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'GET') return false;
    const match = READ_PATH.exec(request.url ?? '');
    if (!match) return false;
    const [, directoryId = '', resourceType = '', id, query = ''] = match;
    void this.answer(request, directoryId, resourceType, id, query)
      .then((answer) => {
        const json = JSON.stringify(answer.body);
        response.writeHead(answer.status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(json),
          ...(answer.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
        });
        response.end(json);
      })
      // a connection that broke under the answer: nothing is left to tell the caller
      .catch(() => response.destroy());
    return true;
  }

  private async answer(
    request: IncomingMessage,
    rawDirectoryId: string,
    rawResourceType: string,
    rawId: string | undefined,
    rawQuery: string,
  ): Promise<Answer> {
    try {
      this.authenticate(request);
      const directoryId = pathSegment(rawDirectoryId);
      const resourceType = parseResourceType(pathSegment(rawResourceType));
      const query = new URLSearchParams(rawQuery);
      if (rawId !== undefined) {
        const id = pathSegment(rawId);
        const resource = await this.queries.get(directoryId, resourceType, id, {
          excludeMembers: query.get('excludeMembers') === 'true',
        });
        if (!resource) throw ScimError.notFound(`${resourceType} ${id} not found.`);
        return { status: 200, body: resource };
      }
      return { status: 200, body: await this.queries.list(directoryId, listRequest(resourceType, query)) };
    } catch (error) {
      if (ScimError.is(error)) return { status: error.status, body: error.toJSON() };
      const answer = toManagementErrorResponse(error);
      if (answer.unexpected) {
        // The route, never the URL or headers: the query holds the client's filter.
        this.logger.error(
          `GET /internal/v1/directories/:directoryId/resources/:resourceType${rawId === undefined ? '' : '/:id'} failed`,
          error instanceof Error ? error.stack : String(error),
        );
      }
      return { status: answer.status, body: answer.body };
    }
  }

  /** The admin API key only, compared in constant time (a portal session has no business here). */
  private authenticate(request: IncomingMessage): void {
    const credential = bearerCredential(request.headers.authorization);
    if (credential === undefined) throw ManagementApiException.unauthorized();
    assertAdminApiKey(credential, this.options.adminApiKey);
  }
}

function listRequest(resourceType: ScimResourceType, query: URLSearchParams): ScimListRequest {
  return {
    resourceType,
    filter: query.get('filter') ?? undefined,
    startIndex: integer(query.get('startIndex'), 1, 'startIndex'),
    count: integer(query.get('count'), 100, 'count'),
    sortBy: query.get('sortBy') || undefined,
    sortOrder: query.get('sortOrder') === 'descending' ? 'descending' : 'ascending',
    excludeMembers: query.get('excludeMembers') === 'true',
    acrossResourceTypes: query.get('acrossResourceTypes') === 'true',
  };
}

function pathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw ScimError.invalidValue('The path is not validly percent-encoded.');
  }
}

function parseResourceType(value: string): ScimResourceType {
  const type = RESOURCE_TYPES.find((candidate) => candidate === value);
  if (!type) throw ScimError.notFound(`Unknown resource type "${value}".`);
  return type;
}

function integer(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw ScimError.invalidValue(`"${name}" must be a non-negative integer.`);
  return parsed;
}
