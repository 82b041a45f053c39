import { Inject, Injectable } from '@nestjs/common';
import {
  DIRECTORY_GATEWAY,
  SCIM_COMMAND_VERSION,
  ScimCommandTypes,
  Topics,
  type DirectoryGateway,
  type ScimCommand,
  type ScimCommandReply,
  type ScimCommandType,
  type ScimResourceType,
} from '@scimflow/contracts';
import { BusHeaders, BusRequester } from '@scimflow/messaging';
import {
  createProjector,
  evaluatePreconditions,
  isPlainObject,
  listResponse,
  parseListQuery,
  parsePatchRequest,
  resourceLocation,
  SchemaSet,
  ScimError,
  validateResource,
  type ListQuery,
  type Projection,
  type Projector,
} from '@scimflow/scim';
import { randomUUID } from 'node:crypto';
import type { ScimCall } from '../http/scim-call.decorator';
import type { ScimHttpResult } from '../http/scim-response';
import { SCIM_SERVER_CONFIG, type ScimServerConfig } from '../scim-server.tokens';
import { commandReplyToResult } from './command-reply';
import { ifMatchForCommand } from './conditional-headers';
import { assertValidPatchOperations } from './patch-validation';
import { etagOf, membersWanted, projectionOf } from './resource-projection';

/** The most resources a list or search returns (advertised as filter.maxResults). */
export const SCIM_MAX_RESULTS = 1000;
/** `count` when the client gives none. */
export const SCIM_DEFAULT_COUNT = 100;

const RESOURCE_TYPES: readonly ScimResourceType[] = ['User', 'Group'];

const COMMAND_TYPES: Readonly<
  Record<ScimResourceType, Record<'create' | 'replace' | 'patch' | 'delete', ScimCommandType>>
> = {
  User: {
    create: ScimCommandTypes.userCreate,
    replace: ScimCommandTypes.userReplace,
    patch: ScimCommandTypes.userPatch,
    delete: ScimCommandTypes.userDelete,
  },
  Group: {
    create: ScimCommandTypes.groupCreate,
    replace: ScimCommandTypes.groupReplace,
    patch: ScimCommandTypes.groupPatch,
    delete: ScimCommandTypes.groupDelete,
  },
};

/** A parameter of a query or SearchRequest as the client wrote it (case-insensitive name). */
function rawParameter(params: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key in params) {
    const value = params[key];
    if (key.toLowerCase() === lower && typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/**
 * The SCIM operations on Users and Groups. Reads go to directory-service through the DirectoryGateway; writes
 * are validated here (so a malformed request never becomes a command), sent as canonical commands on
 * scim.commands.v1 keyed by directory, and answered from directory-service's reply.
 */
@Injectable()
export class ScimResourceService {
  readonly schemaSet = SchemaSet.standard();

  constructor(
    @Inject(DIRECTORY_GATEWAY) private readonly gateway: DirectoryGateway,
    private readonly requester: BusRequester,
    @Inject(SCIM_SERVER_CONFIG) private readonly config: ScimServerConfig,
  ) {}

  /** The SCIM base URL of a directory, without a trailing slash. */
  baseUrl(directoryId: string): string {
    return `${this.config.publicUrl}/scim/v2/${encodeURIComponent(directoryId)}`;
  }

  /** GET /Users, GET /Groups (query) and POST /Users/.search, /Groups/.search (SearchRequest body). */
  async list(
    call: ScimCall,
    resourceType: ScimResourceType,
    params: Readonly<Record<string, unknown>>,
  ): Promise<ScimHttpResult> {
    const query = this.listQuery(params);
    const projection = { attributes: query.attributes, excludedAttributes: query.excludedAttributes };
    const result = await this.gateway.listResources(call.identity.directoryId, {
      resourceType,
      filter: rawParameter(params, 'filter'),
      startIndex: query.startIndex,
      count: query.count,
      sortBy: rawParameter(params, 'sortBy'),
      sortOrder: query.sortOrder,
      excludeMembers: resourceType === 'Group' && !membersWanted(projection, this.schemaSet),
    });
    const project = createProjector(projection, this.schemaSet, resourceType);
    return {
      status: 200,
      body: listResponse(result.resources.map(project), result.totalResults, query.startIndex),
    };
  }

  /**
   * POST /.search at the base: Users then Groups, paged as one list. An attribute of the filter that one resource
   * type lacks counts as unassigned in that type (RFC 7644 §3.4.2.1: `pr` false, `not (…)` true); sortBy applies
   * within each type.
   */
  async searchAll(call: ScimCall, params: Readonly<Record<string, unknown>>): Promise<ScimHttpResult> {
    const query = this.listQuery(params);
    const projection = { attributes: query.attributes, excludedAttributes: query.excludedAttributes };
    const resources: Array<Record<string, unknown>> = [];
    let totalResults = 0;
    let firstError: unknown;
    let failures = 0;
    let skip = query.startIndex - 1;
    for (const resourceType of RESOURCE_TYPES) {
      const wanted = Math.max(query.count - resources.length, 0);
      try {
        const result = await this.gateway.listResources(call.identity.directoryId, {
          resourceType,
          filter: rawParameter(params, 'filter'),
          startIndex: skip + 1,
          count: wanted,
          sortBy: rawParameter(params, 'sortBy'),
          sortOrder: query.sortOrder,
          excludeMembers: resourceType === 'Group' && !membersWanted(projection, this.schemaSet),
          acrossResourceTypes: true,
        });
        totalResults += result.totalResults;
        skip = Math.max(skip - result.totalResults, 0);
        const project = createProjector(projection, this.schemaSet, resourceType);
        resources.push(...result.resources.slice(0, wanted).map(project));
      } catch (error) {
        if (!ScimError.is(error) || error.status !== 400) throw error;
        firstError ??= error;
        failures += 1;
      }
    }
    if (failures === RESOURCE_TYPES.length) throw firstError;
    return { status: 200, body: listResponse(resources, totalResults, query.startIndex) };
  }

  /** GET /Users/:id, /Groups/:id, with If-None-Match (304) and If-Match (412). */
  async get(call: ScimCall, resourceType: ScimResourceType, id: string): Promise<ScimHttpResult> {
    const projection = projectionOf(call.query);
    const resource = await this.fetch(call, resourceType, id, projection);
    const etag = etagOf(resource);
    const outcome = evaluatePreconditions(
      { method: 'GET', ifMatch: call.ifMatch, ifNoneMatch: call.ifNoneMatch },
      etag,
    );
    if (outcome === 'not-modified') return { status: 304, headers: etag === undefined ? {} : { ETag: etag } };
    if (outcome === 'precondition-failed')
      throw ScimError.preconditionFailed(`The resource's version is ${etag}.`);
    return this.single(200, resource, this.projector(projection, resourceType));
  }

  /** POST /Users, /Groups. */
  async create(call: ScimCall, resourceType: ScimResourceType): Promise<ScimHttpResult> {
    validateResource(call.body, resourceType, this.schemaSet, 'create');
    const reply = await this.send(
      call,
      this.command(call, COMMAND_TYPES[resourceType].create, {
        resource: call.body as Record<string, unknown>,
      }),
    );
    const id = reply.ok ? reply.resource?.['id'] : undefined;
    const location =
      typeof id === 'string' ? this.location(call.identity.directoryId, resourceType, id) : undefined;
    return commandReplyToResult(reply, this.projector(projectionOf(call.query), resourceType), location);
  }

  /** PUT /Users/:id, /Groups/:id. */
  async replace(call: ScimCall, resourceType: ScimResourceType, id: string): Promise<ScimHttpResult> {
    validateResource(call.body, resourceType, this.schemaSet, 'replace');
    await this.checkIfNoneMatch(call, resourceType, id);
    const reply = await this.send(
      call,
      this.command(call, COMMAND_TYPES[resourceType].replace, {
        resourceId: id,
        resource: call.body as Record<string, unknown>,
        ...(call.preserveAttributes.length > 0 ? { preserveAttributes: [...call.preserveAttributes] } : {}),
      }),
    );
    return commandReplyToResult(reply, this.projector(projectionOf(call.query), resourceType));
  }

  /**
   * PATCH /Users/:id, /Groups/:id: 200 with the resource. A PATCH whose only operations the provider profile
   * removed (Okta's password sync) changes nothing and is answered with the current resource.
   */
  async patch(call: ScimCall, resourceType: ScimResourceType, id: string): Promise<ScimHttpResult> {
    const projection = projectionOf(call.query);
    if (call.allowEmptyOperations && hasNoOperations(call.body)) {
      const resource = await this.fetch(call, resourceType, id, projection);
      const etag = etagOf(resource);
      const outcome = evaluatePreconditions(
        { method: 'PATCH', ifMatch: call.ifMatch, ifNoneMatch: call.ifNoneMatch },
        etag,
      );
      if (outcome !== 'proceed') throw ScimError.preconditionFailed(`The resource's version is ${etag}.`);
      return this.single(200, resource, this.projector(projection, resourceType));
    }
    const operations = parsePatchRequest(call.body);
    assertValidPatchOperations(operations, resourceType, this.schemaSet);
    await this.checkIfNoneMatch(call, resourceType, id);
    const reply = await this.send(
      call,
      this.command(call, COMMAND_TYPES[resourceType].patch, {
        resourceId: id,
        operations: operations.map((operation) => ({
          op: operation.op.toLowerCase() as 'add' | 'replace' | 'remove',
          ...(operation.path === undefined ? {} : { path: operation.path }),
          ...(operation.value === undefined ? {} : { value: operation.value }),
        })),
      }),
    );
    return commandReplyToResult(reply, this.projector(projection, resourceType));
  }

  /** DELETE /Users/:id, /Groups/:id: 204. */
  async delete(call: ScimCall, resourceType: ScimResourceType, id: string): Promise<ScimHttpResult> {
    await this.checkIfNoneMatch(call, resourceType, id);
    const reply = await this.send(
      call,
      this.command(call, COMMAND_TYPES[resourceType].delete, { resourceId: id }),
    );
    return commandReplyToResult(reply, this.projector({}, resourceType));
  }

  private listQuery(params: Readonly<Record<string, unknown>>): ListQuery {
    return parseListQuery(params, { defaultCount: SCIM_DEFAULT_COUNT, maxCount: SCIM_MAX_RESULTS });
  }

  private projector(projection: Projection, resourceType: ScimResourceType): Projector {
    return createProjector(projection, this.schemaSet, resourceType);
  }

  private single(status: number, resource: Record<string, unknown>, project: Projector): ScimHttpResult {
    const etag = etagOf(resource);
    return { status, body: project(resource), headers: etag === undefined ? {} : { ETag: etag } };
  }

  private async fetch(
    call: ScimCall,
    resourceType: ScimResourceType,
    id: string,
    projection: Projection,
  ): Promise<Record<string, unknown>> {
    const resource = await this.gateway.getResource(call.identity.directoryId, resourceType, id, {
      excludeMembers: resourceType === 'Group' && !membersWanted(projection, this.schemaSet),
    });
    if (!resource) throw ScimError.notFound(`${resourceType} ${id} not found`);
    return resource;
  }

  /** If-None-Match on a write: refuse when the current version matches (`*`: when the resource exists). */
  private async checkIfNoneMatch(call: ScimCall, resourceType: ScimResourceType, id: string): Promise<void> {
    if (call.ifNoneMatch === undefined) return;
    const current = await this.gateway.getResource(call.identity.directoryId, resourceType, id, {
      excludeMembers: true,
    });
    const outcome = evaluatePreconditions(
      { method: 'PUT', ifNoneMatch: call.ifNoneMatch },
      current ? etagOf(current) : undefined,
    );
    if (outcome === 'precondition-failed')
      throw ScimError.preconditionFailed('If-None-Match matches the current version.');
  }

  private command(call: ScimCall, type: ScimCommandType, fields: Partial<ScimCommand>): ScimCommand {
    const ifMatch = ifMatchForCommand(call.ifMatch);
    return {
      commandId: randomUUID(),
      type,
      version: SCIM_COMMAND_VERSION,
      organizationId: call.identity.organizationId,
      directoryId: call.identity.directoryId,
      provider: call.identity.provider,
      issuedAt: new Date().toISOString(),
      ...fields,
      ...(ifMatch === undefined ? {} : { ifMatch }),
      ...(call.credential === undefined ? {} : { credential: call.credential }),
    };
  }

  private async send(call: ScimCall, command: ScimCommand): Promise<ScimCommandReply> {
    const reply = await this.requester.request<ScimCommandReply>(
      Topics.scimCommands,
      command.directoryId,
      command,
      {
        timeoutMs: this.config.commandTimeoutMs,
        headers: { [BusHeaders.correlationId]: call.correlationId },
      },
    );
    if (!isPlainObject(reply) || typeof reply.ok !== 'boolean')
      throw new Error(`malformed reply to command ${command.commandId}`);
    return reply;
  }

  /** The URL of a resource, for a reply that lacks meta.location. */
  private location(directoryId: string, resourceType: ScimResourceType, id: string): string {
    return resourceLocation(this.schemaSet, this.baseUrl(directoryId), resourceType, id);
  }
}

function hasNoOperations(body: unknown): boolean {
  if (!isPlainObject(body)) return false;
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'operations');
  const operations = key === undefined ? undefined : body[key];
  return Array.isArray(operations) && operations.length === 0;
}
