import {
  expectStatus,
  scimRequest,
  USER_URN,
  type Json,
  type ScimAnswer,
  type ScimRequestOptions,
} from '../conformance/conformance-client';
import { uniqueName } from '../unique-name';

export type { Json } from '../conformance/conformance-client';

/** Where the management API suite reaches a started product, and how that product was configured. */
export interface ManagementApiTarget {
  /** Base URL of the server of the management API (`/api/v1/…` and `/api/docs` are appended). */
  managementUrl: string;
  adminApiKey: string;
  /** The URL SCIM requests are sent to, from a directory's `endpointUrl` (default: it). */
  scimUrl?: (endpointUrl: string) => string;
  /** PUBLIC_URL exactly as the product was started with it. */
  publicUrl: string;
  /** TOKEN_GRACE_PERIOD_SECONDS as the product was started with it. */
  tokenGracePeriodSeconds: number;
  /**
   * How long a SCIM edge may go on accepting a token for reads after it stopped being valid: the distributed
   * ingress trusts an accepted token for SCIM_AUTH_CACHE_TTL_MS (docs/architecture.md, "Token checks are cached
   * by the ingress"); 0 when every request asks the owner of the tokens.
   */
  scimAuthCacheMs: number;
}

/** What a management API request answered: as a SCIM one, its body parsed when it is JSON. */
export type ApiAnswer = ScimAnswer;

export interface ApiRequestOptions {
  /** A JSON value sent as the body, or `raw` text as it is. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  /** The Authorization header: the admin key as a Bearer token unless given; null sends none. */
  authorization?: string | null;
}

export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PROVIDER_IDS = [
  'jumpcloud',
  'okta',
  'entra-id',
  'google-workspace',
  'onelogin',
  'pingone',
  'generic-scim',
] as const;

/** Every management error status with the `error.code` the product gives it. */
export const ERROR_CODES = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
} as const;

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sends a request to `path` (starting with `/api/…`) of the management API's server. */
export function apiRequest(
  target: ManagementApiTarget,
  method: string,
  path: string,
  { body, raw, contentType = 'application/json', authorization }: ApiRequestOptions = {},
): Promise<ApiAnswer> {
  const credential = authorization === undefined ? `Bearer ${target.adminApiKey}` : authorization;
  return scimRequest(`${target.managementUrl.replace(/\/+$/, '')}${path}`, method, {
    ...(body === undefined ? {} : { body }),
    ...(raw === undefined ? {} : { raw }),
    contentType,
    headers: { Accept: 'application/json', ...(credential === null ? {} : { Authorization: credential }) },
  });
}

/** Expects `status`; on a mismatch the failure shows the request and the body. */
export function expectOk(answer: ApiAnswer, status: number, request = ''): Json {
  expect({
    request,
    status: answer.status,
    body: answer.status === status ? '' : answer.text.slice(0, 500),
  }).toEqual({ request, status, body: '' });
  return answer.body;
}

/**
 * Expects a management error answer in one comparison (so a failure shows it all, `request` naming which):
 * the status, a JSON body `{ error: { code, message } }` with the code of that status and a message.
 */
export function expectApiError(answer: ApiAnswer, status: keyof typeof ERROR_CODES, request = ''): void {
  const body: Json = answer.body ?? {};
  expect({
    request,
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? '',
    code: body.error?.code,
    message: typeof body.error?.message === 'string' && body.error.message.length > 0,
    body: answer.status === status ? '' : answer.text.slice(0, 300),
  }).toEqual({
    request,
    status,
    contentType: expect.stringContaining('application/json'),
    code: ERROR_CODES[status],
    message: true,
    body: '',
  });
}

/** An ISO 8601 timestamp between `from` and `to` (epoch ms), with `slackMs` for clocks and rounding. */
export function expectTimestampBetween(value: unknown, from: number, to: number, slackMs = 1_000): void {
  expect(value).toMatch(DATE_TIME);
  const time = Date.parse(value as string);
  expect(time).toBeGreaterThanOrEqual(from - slackMs);
  expect(time).toBeLessThanOrEqual(to + slackMs);
}

/**
 * Walks a paginated list from its first page to the end with `limit`, checking each page's shape (`data`
 * array of at most `limit`, `nextCursor` a string or null) and that no cursor repeats; returns every item.
 */
export async function walkPages(target: ManagementApiTarget, path: string, limit: number): Promise<Json[]> {
  const items: Json[] = [];
  const cursors = new Set<string>();
  let cursor: string | null = null;
  for (let pages = 0; ; pages += 1) {
    if (pages > 500) throw new Error(`${path}: more than 500 pages of ${limit}`);
    const separator = path.includes('?') ? '&' : '?';
    const url = `${path}${separator}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page = expectOk(await apiRequest(target, 'GET', url), 200, `GET ${url}`);
    expect(Array.isArray(page.data)).toBe(true);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    expect(page).toHaveProperty('nextCursor');
    items.push(...page.data);
    if (page.nextCursor === null) return items;
    expect(typeof page.nextCursor).toBe('string');
    expect(cursors.has(page.nextCursor)).toBe(false);
    cursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

export const idsOf = (items: Json[]): string[] => items.map((item) => item.id);

/** A directory as its creation answered, with a way to speak SCIM to it as its identity provider would. */
export interface DirectoryFixture {
  id: string;
  organizationId: string;
  provider: string;
  name: string;
  endpointUrl: string;
  createdAt: string;
  /** The token the directory was created with. */
  token: string;
  /** Where SCIM requests are sent (from endpointUrl, through the target's scimUrl). */
  scimBase: string;
  /** Sends a SCIM request to `path` under the directory's base, with its creation token unless `token` is given. */
  scim(method: string, path: string, options?: ScimRequestOptions): Promise<ScimAnswer>;
}

export async function createOrganization(
  target: ManagementApiTarget,
  body: Json = { name: uniqueName('Management API suite') },
): Promise<Json> {
  return expectOk(
    await apiRequest(target, 'POST', '/api/v1/organizations', { body }),
    201,
    'POST /api/v1/organizations',
  );
}

export async function createDirectory(
  target: ManagementApiTarget,
  organizationId: string,
  body: Json = { provider: 'generic-scim' },
): Promise<DirectoryFixture> {
  const created = expectOk(
    await apiRequest(target, 'POST', `/api/v1/organizations/${organizationId}/directories`, { body }),
    201,
    'POST /api/v1/organizations/{orgId}/directories',
  );
  return directoryFixture(target, created);
}

/** The fixture of a directory from its creation answer. */
export function directoryFixture(target: ManagementApiTarget, created: Json): DirectoryFixture {
  const scimBase = (target.scimUrl ?? ((url: string) => url))(created.endpointUrl).replace(/\/+$/, '');
  return {
    id: created.id,
    organizationId: created.organizationId,
    provider: created.provider,
    name: created.name,
    endpointUrl: created.endpointUrl,
    createdAt: created.createdAt,
    token: created.bearerToken,
    scimBase,
    scim: (method, path, options = {}) =>
      scimRequest(`${scimBase}${path}`, method, { token: created.bearerToken, ...options }),
  };
}

/** A new organization with one directory of `provider`. */
export async function newDirectory(
  target: ManagementApiTarget,
  provider = 'generic-scim',
): Promise<DirectoryFixture> {
  const organization = await createOrganization(target);
  return createDirectory(target, organization.id, { provider });
}

/** Creates a user through SCIM and returns the SCIM resource (fails the test unless 201). */
export async function scimCreate(
  directory: DirectoryFixture,
  endpoint: 'Users' | 'Groups',
  resource: Json,
): Promise<Json> {
  const answer = await directory.scim('POST', `/${endpoint}`, { body: resource });
  expectStatus(answer, 201);
  return answer.body;
}

/** A userName unique to this run, lower case. */
export function uniqueUserName(prefix: string, domain = 'management.example'): string {
  return `${uniqueName(prefix, '.')
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .toLowerCase()}@${domain}`;
}

/** A minimal core User with `userName`. */
export function minimalUser(userName: string, extra: Json = {}): Json {
  return { schemas: [USER_URN], userName, ...extra };
}

/** The management view of a directory (fails the test unless 200). */
export async function getDirectory(target: ManagementApiTarget, directoryId: string): Promise<Json> {
  return expectOk(
    await apiRequest(target, 'GET', `/api/v1/directories/${directoryId}`),
    200,
    'GET /api/v1/directories/{directoryId}',
  );
}
