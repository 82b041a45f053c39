import { randomUUID } from 'node:crypto';
import {
  httpJson,
  startDistributedScim,
  uniqueName,
  waitFor,
  type DistributedScim,
  type HttpJsonResponse,
  type ServiceProcess,
} from '@scimflow/testing';

// The distributed mode end to end: scim-ingress and directory-service run as built (`node dist/...`), each in a
// process of its own, on a real Kafka and a real Postgres; the test speaks SCIM to the ingress like an identity
// provider and reads the management API of directory-service.

const ADMIN_API_KEY = 'integration-admin-key-0123456789';
const PUBLIC_URL = 'http://scim.test';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SCIM_JSON = 'application/scim+json';

type Json = Record<string, unknown>;

function bodyOf<T>(response: HttpJsonResponse<T>): T {
  if (response.body === undefined)
    throw new Error(`no JSON body (status ${response.status}): ${response.text}`);
  return response.body;
}

describe('scim-ingress (distributed: Kafka + Postgres + directory-service)', () => {
  let services: DistributedScim;
  let directoryService: ServiceProcess;
  let ingress: ServiceProcess;

  beforeAll(async () => {
    services = await startDistributedScim('scim_ingress', {
      adminApiKey: ADMIN_API_KEY,
      publicUrl: PUBLIC_URL,
      ingressEnv: { REQUEST_LOG_FLUSH_INTERVAL_MS: '100' },
    });
    ({ directoryService, ingress } = services);
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  interface Directory {
    id: string;
    organizationId: string;
    token: string;
    base: string;
  }

  async function createDirectory(provider = 'jumpcloud'): Promise<Directory> {
    const admin = { authorization: `Bearer ${ADMIN_API_KEY}` };
    const organization = await httpJson<Json>(`${directoryService.url}/api/v1/organizations`, {
      method: 'POST',
      headers: admin,
      json: { name: uniqueName('Acme') },
    });
    expect(organization.status).toBe(201);
    const directory = await httpJson<{
      id: string;
      organizationId: string;
      endpointUrl: string;
      bearerToken: string;
    }>(`${directoryService.url}/api/v1/organizations/${String(organization.body?.['id'])}/directories`, {
      method: 'POST',
      headers: admin,
      json: { provider },
    });
    expect(directory.status).toBe(201);
    const { id, organizationId, endpointUrl, bearerToken } = bodyOf(directory);
    expect(endpointUrl).toBe(`${PUBLIC_URL}/scim/v2/${id}`);
    // The identity provider is given endpointUrl; here it is served by the ingress under test.
    return {
      id,
      organizationId,
      token: bearerToken,
      base: `${ingress.url}${new URL(endpointUrl).pathname}`,
    };
  }

  function scim<T = Json>(
    directory: Directory,
    method: string,
    pathAndQuery: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpJsonResponse<T>> {
    return httpJson<T>(`${directory.base}${pathAndQuery}`, {
      method,
      headers: { authorization: `Bearer ${directory.token}`, 'content-type': SCIM_JSON, ...headers },
      ...(body === undefined ? {} : { json: body }),
    });
  }

  function expectScimError(response: HttpJsonResponse, status: number, scimType?: string): void {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toEqual({
      schemas: [ERROR_URN],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail: expect.any(String),
    });
  }

  function user(userName: string, extra: Json = {}): Json {
    return {
      schemas: [USER_URN],
      userName,
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: userName, type: 'work', primary: true }],
      active: true,
      ...extra,
    };
  }

  async function createUser(directory: Directory, userName: string): Promise<string> {
    const created = await scim(directory, 'POST', '/Users', user(userName));
    expect(created.status).toBe(201);
    return String(created.body?.['id']);
  }

  function memberIds(group: Json | undefined): string[] {
    return ((group?.['members'] as Json[] | undefined) ?? []).map((member) => String(member['value'])).sort();
  }

  describe('authentication', () => {
    it('answers 401 with WWW-Authenticate and a SCIM body, revealing nothing about other directories', async () => {
      const mine = await createDirectory();
      const other = await createDirectory();

      const noToken = await httpJson(`${mine.base}/Users`);
      expectScimError(noToken, 401);
      expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);

      const wrongToken = await scim({ ...mine, token: 'scim_not-a-real-token' }, 'GET', '/Users');
      const otherToken = await scim({ ...mine, token: other.token }, 'GET', '/Users');
      const unknownDirectory = await scim(
        { ...mine, base: `${ingress.url}/scim/v2/00000000-0000-4000-8000-000000000000` },
        'GET',
        '/Users',
      );
      for (const response of [wrongToken, otherToken, unknownDirectory]) {
        expectScimError(response, 401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect(otherToken.body).toEqual(wrongToken.body);
      expect(unknownDirectory.body).toEqual(wrongToken.body);

      // Authentication comes first: an unauthenticated write learns nothing about its body.
      const unauthenticatedWrite = await httpJson(`${mine.base}/Users`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'not json',
      });
      expectScimError(unauthenticatedWrite, 401);

      expect((await scim(other, 'GET', '/Users?aadOptscim062020')).status).toBe(200);
    });
  });

  describe('discovery', () => {
    it('serves /ServiceProviderConfig, /ResourceTypes and /Schemas behind authentication, refuses /Bulk, and answers a method an endpoint does not take with 405 and Allow', async () => {
      const directory = await createDirectory();

      const config = await scim(directory, 'GET', '/ServiceProviderConfig');
      expect(config.status).toBe(200);
      expect(config.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(config.body).toMatchObject({
        patch: { supported: true },
        bulk: { supported: false, maxPayloadSize: 2 * 1024 * 1024 },
        filter: { supported: true, maxResults: 1000 },
        etag: { supported: true },
        authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
        meta: { location: `${PUBLIC_URL}/scim/v2/${directory.id}/ServiceProviderConfig` },
      });

      const resourceTypes = await scim<{ totalResults: number; Resources: Json[] }>(
        directory,
        'GET',
        '/ResourceTypes',
      );
      expect(resourceTypes.body?.Resources.map((resource) => resource['name'])).toEqual(['User', 'Group']);
      const userType = await scim(directory, 'GET', '/ResourceTypes/User');
      expect(userType.body).toMatchObject({ id: 'User', endpoint: '/Users', schema: USER_URN });

      const schemas = await scim<{ Resources: Json[] }>(directory, 'GET', '/Schemas');
      expect(schemas.body?.Resources.map((schema) => schema['id'])).toEqual([
        USER_URN,
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        GROUP_URN,
      ]);
      const groupSchema = await scim(directory, 'GET', `/Schemas/${GROUP_URN}`);
      expect(groupSchema.body).toMatchObject({ id: GROUP_URN, name: 'Group' });
      expectScimError(await scim(directory, 'GET', '/Schemas/urn:example:nothing'), 404);
      expectScimError(await scim(directory, 'GET', '/Devices'), 404);
      for (const [method, path, allowed] of [
        ['POST', '/ServiceProviderConfig', 'GET, HEAD'],
        ['DELETE', `/Schemas/${GROUP_URN}`, 'GET, HEAD'],
        ['PUT', '/ResourceTypes', 'GET, HEAD'],
        ['DELETE', '/Users', 'GET, HEAD, POST'],
        ['POST', `/Groups/${randomUUID()}`, 'GET, HEAD, PUT, PATCH, DELETE'],
        ['GET', '/Users/.search', 'POST'],
        ['GET', '/.search', 'POST'],
      ] as const) {
        const refused = await scim(directory, method, path, method === 'GET' ? undefined : {});
        expectScimError(refused, 405);
        expect(refused.headers.get('allow')).toBe(allowed);
      }

      expectScimError(
        await scim(directory, 'POST', '/Bulk', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        }),
        501,
      );
      expectScimError(await httpJson(`${directory.base}/ServiceProviderConfig`), 401);
    });
  });

  describe('users', () => {
    it('looks up, creates (201 + Location + ETag), refuses a duplicate, replaces, reads conditionally and deletes', async () => {
      const directory = await createDirectory();
      const userName = `${uniqueName('ada')}@acme.example`;
      const lookup = `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

      const miss = await scim(directory, 'GET', lookup);
      expect(miss.status).toBe(200);
      expect(miss.body).toEqual({
        schemas: [LIST_URN],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });

      const created = await scim(
        directory,
        'POST',
        '/Users',
        user(userName, { password: 'hunter2-secret', externalId: '65f0a1b2c3d4e5f6a7b8c9d1' }),
      );
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      const id = String(created.body?.['id']);
      expect(created.headers.get('location')).toBe(`${PUBLIC_URL}/scim/v2/${directory.id}/Users/${id}`);
      expect(created.headers.get('etag')).toBe('W/"1"');
      expect(created.body).toMatchObject({
        schemas: [USER_URN],
        id,
        userName,
        active: true,
        meta: { resourceType: 'User', version: 'W/"1"' },
      });
      expect(created.body).not.toHaveProperty('password');

      const hit = await scim<{ totalResults: number; Resources: Json[] }>(
        directory,
        'GET',
        `${lookup}&attributes=userName`,
      );
      expect(hit.status).toBe(200);
      expect(hit.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
      expect(hit.body?.Resources[0]).toEqual({ schemas: [USER_URN], id, userName });

      const searched = await scim<{ totalResults: number }>(directory, 'POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: `externalId eq "65f0a1b2c3d4e5f6a7b8c9d1"`,
      });
      expect(searched.body?.totalResults).toBe(1);

      const duplicate = await scim(directory, 'POST', '/Users', user(userName.toUpperCase()));
      expectScimError(duplicate, 409, 'uniqueness');

      // JumpCloud's minimal PUT: `emails: null` means "unchanged", not "clear".
      const replaced = await scim(directory, 'PUT', `/Users/${id}`, {
        schemas: [USER_URN],
        id,
        userName,
        name: { givenName: 'Ada', familyName: 'King' },
        active: true,
        emails: null,
      });
      expect(replaced.status).toBe(200);
      expect(replaced.headers.get('etag')).toBe('W/"2"');
      expect(replaced.body).toMatchObject({
        name: { familyName: 'King' },
        emails: [{ value: userName, primary: true }],
      });

      const read = await scim(directory, 'GET', `/Users/${id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('W/"2"');
      const notModified = await scim(directory, 'GET', `/Users/${id}`, undefined, {
        'if-none-match': 'W/"2"',
      });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe('W/"2"');
      expect(notModified.text).toBe('');
      expect(
        (await scim(directory, 'GET', `/Users/${id}`, undefined, { 'if-none-match': 'W/"1"' })).status,
      ).toBe(200);

      const stale = await scim(directory, 'PUT', `/Users/${id}`, user(userName, { active: false }), {
        'if-match': 'W/"1"',
      });
      expectScimError(stale, 412);
      const current = await scim(
        directory,
        'PATCH',
        `/Users/${id}`,
        {
          schemas: [PATCH_URN],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        },
        { 'if-match': 'W/"2"' },
      );
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ active: false, meta: { version: 'W/"3"' } });

      const deleted = await scim(directory, 'DELETE', `/Users/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectScimError(await scim(directory, 'GET', `/Users/${id}`), 404);
      expectScimError(await scim(directory, 'DELETE', `/Users/${id}`), 404);
      expect((await scim<{ totalResults: number }>(directory, 'GET', lookup)).body?.totalResults).toBe(0);
    });

    it("applies the directory's provider profile: Entra ID's string booleans and capitalised ops, the query flag", async () => {
      const directory = await createDirectory('entra-id');
      const id = await createUser(directory, `${uniqueName('alan')}@acme.example`);
      const patched = await scim(directory, 'PATCH', `/Users/${id}?aadOptscim062020`, {
        schemas: [PATCH_URN],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, active: false });
    });
  });

  describe('groups', () => {
    it('adds and removes members in the three JumpCloud forms', async () => {
      const directory = await createDirectory();
      const ada = await createUser(directory, `${uniqueName('ada')}@acme.example`);
      const grace = await createUser(directory, `${uniqueName('grace')}@acme.example`);

      const created = await scim(directory, 'POST', '/Groups', {
        schemas: [GROUP_URN],
        displayName: 'Engineering',
        members: [{ value: ada }],
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('W/"1"');
      const groupId = String(created.body?.['id']);
      expect(created.headers.get('location')).toBe(`${PUBLIC_URL}/scim/v2/${directory.id}/Groups/${groupId}`);

      const found = await scim<{ totalResults: number; Resources: Json[] }>(
        directory,
        'GET',
        `/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}&excludedAttributes=members`,
      );
      expect(found.body?.totalResults).toBe(1);
      expect(found.body?.Resources[0]).not.toHaveProperty('members');

      const add = (): Promise<HttpJsonResponse<Json>> =>
        scim(directory, 'PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_URN],
          Operations: [{ op: 'add', path: 'members', value: [{ value: grace }] }],
        });
      const members = async (): Promise<string[]> =>
        memberIds((await scim(directory, 'GET', `/Groups/${groupId}`)).body);

      const added = await add();
      expect(added.status).toBe(200);
      expect(memberIds(added.body)).toEqual([ada, grace].sort());

      // A) remove with a value array
      const removedByValue = await scim(directory, 'PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_URN],
        Operations: [{ op: 'remove', path: 'members', value: [{ value: grace }] }],
      });
      expect(removedByValue.status).toBe(200);
      expect(await members()).toEqual([ada]);

      // B) remove with a filter path
      expect((await add()).status).toBe(200);
      const removedByFilter = await scim(directory, 'PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_URN],
        Operations: [{ op: 'remove', path: `members[value eq "${grace}"]` }],
      });
      expect(removedByFilter.status).toBe(200);
      expect(await members()).toEqual([ada]);

      // C) PUT with the full member list
      expect((await add()).status).toBe(200);
      const replaced = await scim(directory, 'PUT', `/Groups/${groupId}`, {
        schemas: [GROUP_URN],
        id: groupId,
        displayName: 'Engineering',
        members: [{ value: grace }],
      });
      expect(replaced.status).toBe(200);
      expect(memberIds(replaced.body)).toEqual([grace]);

      const renamed = await scim(directory, 'PATCH', `/Groups/${groupId}?excludedAttributes=members`, {
        schemas: [PATCH_URN],
        Operations: [{ op: 'replace', value: { displayName: 'Platform Engineering' } }],
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ displayName: 'Platform Engineering' });
      expect(renamed.body).not.toHaveProperty('members');

      const everything = await scim<{ totalResults: number }>(directory, 'POST', '/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        count: 10,
      });
      expect(everything.body?.totalResults).toBe(3);

      expect((await scim(directory, 'DELETE', `/Groups/${groupId}`)).status).toBe(204);
      expectScimError(await scim(directory, 'GET', `/Groups/${groupId}`), 404);
    });
  });

  describe('bad input', () => {
    it('answers malformed requests with RFC 7644 errors and changes nothing', async () => {
      const directory = await createDirectory();
      const id = await createUser(directory, `${uniqueName('ada')}@acme.example`);

      const malformed = await httpJson(`${directory.base}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${directory.token}`, 'content-type': SCIM_JSON },
        body: '{"schemas": [',
      });
      expectScimError(malformed, 400, 'invalidSyntax');

      const wrongType = await httpJson(`${directory.base}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${directory.token}`, 'content-type': 'text/plain' },
        body: JSON.stringify(user('x@acme.example')),
      });
      expectScimError(wrongType, 415);

      const huge = await scim(
        directory,
        'POST',
        '/Users',
        user('huge@acme.example', { displayName: 'x'.repeat(3 * 1024 * 1024) }),
      );
      expectScimError(huge, 413);

      expectScimError(
        await scim(directory, 'GET', `/Users?filter=${encodeURIComponent('userName eq')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim(directory, 'GET', `/Users?filter=${encodeURIComponent('userName xx "a"')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim(directory, 'POST', '/Users', { schemas: [USER_URN], name: { givenName: 'No userName' } }),
        400,
        'invalidValue',
      );
      expectScimError(await scim(directory, 'POST', '/Users', ['not', 'an', 'object']), 400, 'invalidSyntax');
      expectScimError(
        await scim(directory, 'PATCH', `/Users/${id}`, {
          schemas: [PATCH_URN],
          Operations: [{ op: 'replace', path: 'shoeSize', value: 44 }],
        }),
        400,
        'invalidPath',
      );
      expectScimError(
        await scim(directory, 'PATCH', `/Users/${id}`, {
          schemas: [PATCH_URN],
          Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }],
        }),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim(directory, 'PATCH', `/Users/${id}`, { Operations: [] }),
        400,
        'invalidSyntax',
      );

      const state = await scim<{ totalResults: number; Resources: Json[] }>(directory, 'GET', '/Users');
      expect(state.body?.totalResults).toBe(1);
      expect(state.body?.Resources[0]).toMatchObject({ id, meta: { version: 'W/"1"' } });
    });
  });

  describe('request log', () => {
    it("records a directory's requests newest first, without passwords or the Authorization header", async () => {
      const directory = await createDirectory();
      const userName = `${uniqueName('ada')}@acme.example`;
      await scim(directory, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      await scim(directory, 'POST', '/Users', user(userName, { password: 'hunter2-secret' }));
      await scim(directory, 'POST', '/Users', user(userName, { password: 'hunter2-secret' }));
      const requests = `${ingress.url}/api/v1/directories/${directory.id}/requests`;
      const admin = { authorization: `Bearer ${ADMIN_API_KEY}` };

      type Page = { data: Json[]; nextCursor: string | null };
      // Entries are written in batches, off the request path.
      await waitFor(
        async () => {
          const response = await httpJson<Page>(requests, { headers: admin });
          expect(response.status).toBe(200);
          expect(response.body?.data).toHaveLength(3);
        },
        { timeoutMs: 20_000 },
      );
      const page = bodyOf(await httpJson<Page>(`${requests}?limit=2`, { headers: admin }));
      expect(page.data.map((entry) => [entry['method'], entry['path'], entry['status']])).toEqual([
        ['POST', '/Users', 409],
        ['POST', '/Users', 201],
      ]);
      expect(page.data[1]).toMatchObject({
        provider: 'jumpcloud',
        requestBody: { userName, password: '[redacted]' },
        responseBody: { userName, meta: { version: 'W/"1"' } },
        durationMs: expect.any(Number),
        correlationId: expect.any(String),
      });
      expect(JSON.stringify(page)).not.toContain('hunter2-secret');
      expect(JSON.stringify(page)).not.toContain(directory.token);
      expect(page.nextCursor).toEqual(expect.any(String));

      const rest = await httpJson<Page>(`${requests}?limit=2&cursor=${page.nextCursor}`, { headers: admin });
      expect(rest.body?.data.map((entry) => [entry['method'], entry['status'], entry['query']])).toEqual([
        ['GET', 200, { filter: `userName eq "${userName}"` }],
      ]);
      expect(rest.body?.nextCursor).toBeNull();

      const conflicts = await httpJson<Page>(`${requests}?status=4xx`, { headers: admin });
      expect(conflicts.body?.data.map((entry) => entry['status'])).toEqual([409]);

      expect((await httpJson(requests)).status).toBe(401);
      expect(
        (await httpJson(requests, { headers: { authorization: `Bearer ${directory.token}` } })).status,
      ).toBe(401);
      const invalid = await httpJson(`${requests}?limit=0`, { headers: admin });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({ error: { code: 'validation_failed', message: expect.any(String) } });
    });
  });
});
