import type { ScimListRequest } from '@scimflow/contracts';
import { ScimError } from '@scimflow/scim';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScimInternalReads } from './scim-internal-reads';
import type { ScimQueryService } from './scim-query.service';

const DIRECTORY = '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60';
const USER = '7d1c9e52-0a4b-4f0e-b3b8-61f2a9e0d002';
const ADMIN_KEY = 'admin-key-0123456789';
const READS = `/internal/v1/directories/${DIRECTORY}/resources`;

/** What the read API asked the query service, and what the service answers. */
class Queries {
  readonly lists: Array<{ directoryId: string; request: ScimListRequest }> = [];
  readonly gets: Array<{ directoryId: string; type: string; id: string; excludeMembers: boolean }> = [];
  list: (request: ScimListRequest) => Promise<unknown> = () =>
    Promise.resolve({ totalResults: 0, resources: [] });
  get: (id: string) => Promise<Record<string, unknown> | null> = () => Promise.resolve(null);

  asService(): ScimQueryService {
    return {
      list: (directoryId: string, request: ScimListRequest) => {
        this.lists.push({ directoryId, request });
        return this.list(request);
      },
      get: (directoryId: string, type: string, id: string, options: { excludeMembers?: boolean }) => {
        this.gets.push({ directoryId, type, id, excludeMembers: options.excludeMembers === true });
        return this.get(id);
      },
    } as unknown as ScimQueryService;
  }
}

describe('ScimInternalReads', () => {
  let server: Server;
  let base: string;
  let queries: Queries;
  let passedOn: string[];

  beforeEach(async () => {
    queries = new Queries();
    passedOn = [];
    // the application behind it: whatever the read API does not answer
    server = createServer((request, response) => {
      passedOn.push(`${request.method} ${request.url}`);
      response.writeHead(418).end();
    });
    new ScimInternalReads(queries.asService(), { adminApiKey: ADMIN_KEY }).serveOn(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(
    path: string,
    { method = 'GET', key = ADMIN_KEY }: { method?: string; key?: string | null } = {},
  ): Promise<{ status: number; headers: Headers; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  it('answers a list with what the query service found, given the parameters it was sent', async () => {
    queries.list = () => Promise.resolve({ totalResults: 1, resources: [{ id: USER, userName: 'ada' }] });
    const params = new URLSearchParams({
      filter: 'userName eq "ada+lovelace@example.com"',
      startIndex: '3',
      count: '7',
      sortBy: 'userName',
      sortOrder: 'descending',
    });

    const answer = await call(`${READS}/User?${params}`);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({ totalResults: 1, resources: [{ id: USER, userName: 'ada' }] });
    expect(queries.lists).toEqual([
      {
        directoryId: DIRECTORY,
        request: {
          resourceType: 'User',
          filter: 'userName eq "ada+lovelace@example.com"',
          startIndex: 3,
          count: 7,
          sortBy: 'userName',
          sortOrder: 'descending',
          excludeMembers: false,
          acrossResourceTypes: false,
        },
      },
    ]);
  });

  it('gives a list without parameters the defaults, and passes the flags of a group search across types', async () => {
    await call(`${READS}/Group`);
    await call(`${READS}/Group/?excludeMembers=true&acrossResourceTypes=true&count=0`);

    expect(queries.lists.map(({ request }) => request)).toEqual([
      {
        resourceType: 'Group',
        filter: undefined,
        startIndex: 1,
        count: 100,
        sortBy: undefined,
        sortOrder: 'ascending',
        excludeMembers: false,
        acrossResourceTypes: false,
      },
      {
        resourceType: 'Group',
        filter: undefined,
        startIndex: 1,
        count: 0,
        sortBy: undefined,
        sortOrder: 'ascending',
        excludeMembers: true,
        acrossResourceTypes: true,
      },
    ]);
  });

  it('answers a resource by its decoded id, and 404 with a SCIM error when there is none', async () => {
    queries.get = (id) => Promise.resolve(id === USER ? { id: USER, userName: 'ada' } : null);

    const found = await call(`${READS}/User/${USER}`);
    const missing = await call(`${READS}/Group/${encodeURIComponent('a/b c')}?excludeMembers=true`);

    expect(found).toMatchObject({ status: 200, body: { id: USER, userName: 'ada' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'Group a/b c not found.',
    });
    expect(queries.gets).toEqual([
      { directoryId: DIRECTORY, type: 'User', id: USER, excludeMembers: false },
      { directoryId: DIRECTORY, type: 'Group', id: 'a/b c', excludeMembers: true },
    ]);
  });

  it.each([
    ['no credential', null, 'A valid bearer token is required.'],
    ['another key', 'not-the-admin-key', 'The bearer token is not the admin API key.'],
  ])('refuses %s with 401 and never queries', async (_case, key, message) => {
    const answer = await call(`${READS}/User?count=1`, { key });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toEqual({ error: { code: 'unauthorized', message } });
    expect(queries.lists).toEqual([]);
  });

  it.each([
    ['a negative startIndex', `${READS}/User?startIndex=-1`, 400, 'invalidValue'],
    ['a count that is no integer', `${READS}/User?count=1.5`, 400, 'invalidValue'],
    ['an unknown resource type', `${READS}/Device`, 404, undefined],
    ['a malformed escape', `${READS}/User/%E0%A4%A`, 400, 'invalidValue'],
  ])('answers %s with a SCIM error', async (_case, path, status, scimType) => {
    const answer = await call(path);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
      ...(scimType ? { scimType } : {}),
    });
    expect(queries.lists).toEqual([]);
  });

  it("passes the query service's SCIM error on unchanged", async () => {
    queries.list = () => Promise.reject(ScimError.invalidFilter('Unknown attribute "nickname2".'));

    const answer = await call(`${READS}/User?filter=nickname2%20pr`);

    expect(answer).toMatchObject({
      status: 400,
      body: { status: '400', scimType: 'invalidFilter', detail: 'Unknown attribute "nickname2".' },
    });
  });

  it('answers an unexpected failure with a 500 that says nothing of its cause', async () => {
    queries.list = () => Promise.reject(new Error('connection to 10.0.0.7:5432 refused'));

    const answer = await call(`${READS}/User`);

    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      error: { code: 'internal_error', message: 'The server could not complete the request.' },
    });
  });

  it('leaves every other request to the application behind it', async () => {
    const answers = await Promise.all([
      call('/internal/v1/scim-auth', { method: 'POST' }),
      call(`${READS}/User`, { method: 'DELETE' }),
      call('/health/ready'),
      call(`/api/v1/directories/${DIRECTORY}/users`),
      call(`/internal/v1/directories/${DIRECTORY}/organization`),
    ]);

    expect(answers.map(({ status }) => status)).toEqual([418, 418, 418, 418, 418]);
    expect(passedOn.sort()).toEqual(
      [
        'POST /internal/v1/scim-auth',
        `DELETE ${READS}/User`,
        'GET /health/ready',
        `GET /api/v1/directories/${DIRECTORY}/users`,
        `GET /internal/v1/directories/${DIRECTORY}/organization`,
      ].sort(),
    );
    expect(queries.lists).toEqual([]);
  });
});
