import { managementApiClient } from '../management-api-client';
import { uniqueName } from '../unique-name';

// Response bodies are read loosely; each check says what a body must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json';

/** Where the suite reaches a started product: its management API, and how to turn an endpoint URL into a reachable one. */
export interface ConformanceTarget {
  /** Base URL of the management API (`/api/v1` is appended). */
  managementUrl: string;
  adminApiKey: string;
  /** The URL the suite sends SCIM requests to, from a directory's `endpointUrl` (default: it). */
  scimUrl?: (endpointUrl: string) => string;
}

/** What a SCIM request answered. */
export interface ScimAnswer {
  status: number;
  headers: Headers;
  /** The body as text ('' when none). */
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: Json;
}

export interface ScimRequestOptions {
  /** A JSON value to send (serialized here), or `raw` text as it is. */
  body?: unknown;
  raw?: string;
  /** Content-Type of the body; application/scim+json unless given. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Bearer token to send instead of the directory's own; '' sends no Authorization header. */
  token?: string;
}

/** One directory of a fresh organization, as an identity provider holds it: its SCIM base URL and bearer token. */
export interface ConformanceDirectory {
  id: string;
  /** The SCIM base URL as the product gave it (endpointUrl). */
  endpointUrl: string;
  /** The URL requests are sent to. */
  base: string;
  token: string;
  /** Sends a request to `path` under the SCIM base (e.g. '/Users?filter=…'). */
  request(method: string, path: string, options?: ScimRequestOptions): Promise<ScimAnswer>;
}

export async function scimRequest(
  url: string,
  method: string,
  { body, raw, contentType = SCIM_JSON, headers = {}, token = '' }: ScimRequestOptions = {},
): Promise<ScimAnswer> {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(url, {
    method,
    headers: {
      Accept: SCIM_JSON,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(payload === undefined ? {} : { 'Content-Type': contentType }),
      ...headers,
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Creates an organization and a directory of `provider` through the management API. */
export async function newDirectory(
  target: ConformanceTarget,
  provider = 'generic-scim',
): Promise<ConformanceDirectory> {
  const api = managementApiClient(target.managementUrl, target.adminApiKey);
  const organization = await api.createOrganization(uniqueName('Conformance'));
  const created = await api.createDirectory(organization.id, provider);
  const base = (target.scimUrl ?? ((url: string) => url))(created.endpointUrl).replace(/\/+$/, '');
  return {
    id: created.id,
    endpointUrl: created.endpointUrl,
    base,
    token: created.bearerToken,
    request: (method, path, options = {}) =>
      scimRequest(`${base}${path}`, method, { token: created.bearerToken, ...options }),
  };
}

/** A minimal valid core User. */
export function userResource(userName: string, extra: Record<string, unknown> = {}): Json {
  return { schemas: [USER_URN], userName, ...extra };
}

/** A minimal valid core Group. */
export function groupResource(displayName: string, extra: Record<string, unknown> = {}): Json {
  return { schemas: [GROUP_URN], displayName, ...extra };
}

/** A PatchOp request of `operations`. */
export function patchRequest(...operations: Json[]): Json {
  return { schemas: [PATCH_URN], Operations: operations };
}

/**
 * Expects the RFC 7644 §3.12 error response: `status` as the HTTP status and as the body's string `status`, the
 * Error schema, a `scimType` when given, an application/scim+json body.
 */
export function expectScimError(answer: ScimAnswer, status: number, scimType?: string): void {
  expect({ status: answer.status, text: answer.text.slice(0, 300) }).toEqual({
    status,
    text: expect.any(String),
  });
  expect(answer.headers.get('content-type') ?? '').toContain(SCIM_JSON);
  expect(answer.body).toMatchObject({ schemas: [ERROR_URN], status: String(status) });
  if (scimType) expect(answer.body.scimType).toBe(scimType);
  if (typeof answer.body.detail !== 'undefined') expect(typeof answer.body.detail).toBe('string');
}

/** Expects a successful answer of `status` with a SCIM JSON body (or none for 204). */
export function expectStatus(answer: ScimAnswer, status: number): void {
  expect({
    status: answer.status,
    body: answer.status === status ? 'as expected' : answer.text.slice(0, 500),
  }).toEqual({
    status,
    body: 'as expected',
  });
}

/** Creates a user and returns its resource (fails the test unless 201). */
export async function createUser(directory: ConformanceDirectory, resource: Json): Promise<Json> {
  const answer = await directory.request('POST', '/Users', { body: resource });
  expectStatus(answer, 201);
  return answer.body;
}

/** Creates a group and returns its resource (fails the test unless 201). */
export async function createGroup(directory: ConformanceDirectory, resource: Json): Promise<Json> {
  const answer = await directory.request('POST', '/Groups', { body: resource });
  expectStatus(answer, 201);
  return answer.body;
}

/** A name unique to this run, safe in a userName or displayName. */
export function uniqueUserName(prefix = 'user'): string {
  return `${uniqueName(prefix)
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .toLowerCase()}@conformance.example`;
}
