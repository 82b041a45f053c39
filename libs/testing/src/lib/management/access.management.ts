import { randomUUID } from 'node:crypto';
import { expectStatus, GROUP_URN } from '../conformance/conformance-client';
import { uniqueName } from '../unique-name';
import {
  apiRequest,
  createDirectory,
  createOrganization,
  expectApiError,
  expectOk,
  minimalUser,
  PROVIDER_IDS,
  scimCreate,
  uniqueUserName,
  walkPages,
  type DirectoryFixture,
  type Json,
  type ManagementApiTarget,
} from './management-client';

interface Route {
  method: string;
  path: string;
  body?: Json;
}

/** Every management route of the issue, with the ids of existing resources so that only the key is wrong. */
function routes(organizationId: string, directoryId: string, userId: string, groupId: string): Route[] {
  const directory = `/api/v1/directories/${directoryId}`;
  return [
    { method: 'GET', path: '/api/v1/providers' },
    { method: 'GET', path: '/api/v1/organizations' },
    { method: 'POST', path: '/api/v1/organizations', body: { name: uniqueName('Refused') } },
    { method: 'GET', path: `/api/v1/organizations/${organizationId}` },
    { method: 'GET', path: `/api/v1/organizations/${organizationId}/directories` },
    {
      method: 'POST',
      path: `/api/v1/organizations/${organizationId}/directories`,
      body: { provider: 'okta' },
    },
    { method: 'GET', path: directory },
    { method: 'POST', path: `${directory}/token` },
    { method: 'DELETE', path: directory },
    { method: 'GET', path: `${directory}/users` },
    { method: 'GET', path: `${directory}/users/${userId}` },
    { method: 'GET', path: `${directory}/groups` },
    { method: 'GET', path: `${directory}/groups/${groupId}` },
    { method: 'GET', path: `${directory}/groups/${groupId}/members` },
  ];
}

/** Authentication, the error format, the OpenAPI document and the provider catalog. */
export function accessManagement(target: () => ManagementApiTarget): void {
  let organization: Json;
  let directory: DirectoryFixture;
  let userId: string;
  let groupId: string;

  beforeAll(async () => {
    organization = await createOrganization(target());
    directory = await createDirectory(target(), organization.id);
    userId = (await scimCreate(directory, 'Users', minimalUser(uniqueUserName('access')))).id;
    groupId = (
      await scimCreate(directory, 'Groups', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Access group'),
        members: [{ value: userId }],
      })
    ).id;
  });

  describe('authentication', () => {
    it('answers 401 {error} with a Bearer challenge on every route, for no key, a wrong key or another scheme', async () => {
      const key = target().adminApiKey;
      const credentials: Array<[string, string | null]> = [
        ['no Authorization header', null],
        ['a wrong key', 'Bearer not-the-admin-key-0123456789'],
        ['the key with a character more', `Bearer ${key}x`],
        ['the key with the Basic scheme', `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`],
        ['the key without a scheme', key],
        // A directory's SCIM token speaks for that directory to its SCIM endpoint, never to the management API.
        ["a directory's SCIM token", `Bearer ${directory.token}`],
      ];
      const refusedOrganization = uniqueName('Refused');
      for (const route of routes(organization.id, directory.id, userId, groupId)) {
        const body =
          route.method === 'POST' && route.path === '/api/v1/organizations'
            ? { name: refusedOrganization }
            : route.body;
        for (const [what, authorization] of credentials) {
          const answer = await apiRequest(target(), route.method, route.path, { body, authorization });
          expectApiError(answer, 401, `${route.method} ${route.path} with ${what}`);
          expect(answer.headers.get('www-authenticate') ?? '').toMatch(/^Bearer\b/i);
        }
      }
      // The refused writes did nothing: the directory is still there with its token, nothing was created.
      expectOk(await apiRequest(target(), 'GET', `/api/v1/directories/${directory.id}`), 200);
      expectStatus(await directory.scim('GET', '/Users'), 200);
      const directories = await walkPages(
        target(),
        `/api/v1/organizations/${organization.id}/directories`,
        50,
      );
      expect(directories.map((entry) => entry.id)).toEqual([directory.id]);
      const organizations = await walkPages(target(), '/api/v1/organizations', 100);
      expect(organizations.filter((entry) => entry.name === refusedOrganization)).toEqual([]);
    });
  });

  describe('errors', () => {
    it('answers 400 {error} for a body that is not what the route takes, and creates nothing', async () => {
      const organizations: Array<[string, ApiBody]> = [
        ['no name', { json: {} }],
        ['an empty name', { json: { name: '' } }],
        ['a name that is not a string', { json: { name: 42 } }],
        ['an empty externalId', { json: { name: 'Acme', externalId: '' } }],
        ['an externalId that is not a string', { json: { name: 'Acme', externalId: 7 } }],
        ['malformed JSON', { raw: '{"name": "Acme"' }],
        ['an array', { json: [{ name: 'Acme' }] }],
      ];
      for (const [what, body] of organizations) {
        const answer = await apiRequest(target(), 'POST', '/api/v1/organizations', asOptions(body));
        expectApiError(answer, 400, `POST /api/v1/organizations with ${what}`);
      }
      const directories: Array<[string, ApiBody]> = [
        ['no provider', { json: {} }],
        ['an unknown provider', { json: { provider: 'azure-ad' } }],
        ['a provider that is not a string', { json: { provider: 3 } }],
        ['an empty name', { json: { provider: 'okta', name: '' } }],
        ['a name that is not a string', { json: { provider: 'okta', name: ['Okta'] } }],
        ['malformed JSON', { raw: '{"provider": ' }],
      ];
      const path = `/api/v1/organizations/${organization.id}/directories`;
      for (const [what, body] of directories) {
        expectApiError(
          await apiRequest(target(), 'POST', path, asOptions(body)),
          400,
          `POST ${path} with ${what}`,
        );
      }
      const listed = await walkPages(target(), path, 50);
      expect(listed.map((entry) => entry.id)).toEqual([directory.id]);
    });

    it('answers 400 {error} for bad paging and filter parameters on every list', async () => {
      const directoryPath = `/api/v1/directories/${directory.id}`;
      const lists = [
        '/api/v1/organizations',
        `/api/v1/organizations/${organization.id}/directories`,
        `${directoryPath}/users`,
        `${directoryPath}/groups`,
        `${directoryPath}/groups/${groupId}/members`,
      ];
      const badPaging = ['limit=0', 'limit=-1', 'limit=abc', 'limit=2.5', 'cursor=not-a-cursor'];
      for (const list of lists) {
        for (const query of badPaging) {
          const answer = await apiRequest(target(), 'GET', `${list}?${query}`);
          expectApiError(answer, 400, `GET ${list}?${query}`);
        }
      }
      for (const query of ['active=yes', 'active=1', 'groupId=not-a-uuid']) {
        const answer = await apiRequest(target(), 'GET', `${directoryPath}/users?${query}`);
        expectApiError(answer, 400, `GET ${directoryPath}/users?${query}`);
      }
    });

    it('answers 404 {error} for ids that name nothing', async () => {
      const unknown = randomUUID();
      const directoryPath = `/api/v1/directories/${directory.id}`;
      const requests: Route[] = [
        { method: 'GET', path: `/api/v1/organizations/${unknown}` },
        { method: 'GET', path: `/api/v1/organizations/${unknown}/directories` },
        { method: 'POST', path: `/api/v1/organizations/${unknown}/directories`, body: { provider: 'okta' } },
        { method: 'GET', path: `/api/v1/directories/${unknown}` },
        { method: 'POST', path: `/api/v1/directories/${unknown}/token` },
        { method: 'DELETE', path: `/api/v1/directories/${unknown}` },
        { method: 'GET', path: `/api/v1/directories/${unknown}/users` },
        { method: 'GET', path: `/api/v1/directories/${unknown}/users/${userId}` },
        { method: 'GET', path: `/api/v1/directories/${unknown}/groups` },
        { method: 'GET', path: `/api/v1/directories/${unknown}/groups/${groupId}` },
        { method: 'GET', path: `/api/v1/directories/${unknown}/groups/${groupId}/members` },
        { method: 'GET', path: `${directoryPath}/users/${unknown}` },
        { method: 'GET', path: `${directoryPath}/groups/${unknown}` },
        { method: 'GET', path: `${directoryPath}/groups/${unknown}/members` },
        // A user id is not a group id, nor the other way round.
        { method: 'GET', path: `${directoryPath}/users/${groupId}` },
        { method: 'GET', path: `${directoryPath}/groups/${userId}` },
      ];
      for (const request of requests) {
        const answer = await apiRequest(target(), request.method, request.path, { body: request.body });
        expectApiError(answer, 404, `${request.method} ${request.path}`);
      }
    });

    it('answers an id that is not even a uuid with 400 or 404 {error}, never a server error', async () => {
      // The issue names 400 for bad params and 404 for unknown ids; a malformed id is either, never a 500.
      for (const path of [
        '/api/v1/organizations/not-a-uuid',
        '/api/v1/organizations/not-a-uuid/directories',
        '/api/v1/directories/not-a-uuid',
        '/api/v1/directories/not-a-uuid/users',
        `/api/v1/directories/${directory.id}/users/not-a-uuid`,
        `/api/v1/directories/${directory.id}/groups/not-a-uuid`,
        `/api/v1/directories/${directory.id}/groups/not-a-uuid/members`,
      ]) {
        const answer = await apiRequest(target(), 'GET', path);
        expect({ path, status: [400, 404].includes(answer.status) }).toEqual({ path, status: true });
        expectApiError(answer, answer.status as 400 | 404, `GET ${path}`);
      }
    });

    it('answers 404 {error} for a route that does not exist under /api/v1', async () => {
      expectApiError(
        await apiRequest(target(), 'GET', '/api/v1/no-such-route'),
        404,
        'GET /api/v1/no-such-route',
      );
      expectApiError(
        await apiRequest(target(), 'GET', `/api/v1/directories/${directory.id}/no-such-list`),
        404,
        'GET /api/v1/directories/{directoryId}/no-such-list',
      );
    });
  });

  describe('OpenAPI', () => {
    it('serves the documentation page at /api/docs as HTML, without a key (a browser opens it)', async () => {
      const answer = await apiRequest(target(), 'GET', '/api/docs', { authorization: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type') ?? '').toContain('text/html');
      expect(answer.text).toMatch(/<html/i);
    });

    it('serves at /api/docs-json an OpenAPI document of every route, with bearer authentication', async () => {
      const answer = await apiRequest(target(), 'GET', '/api/docs-json', { authorization: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type') ?? '').toContain('json');
      const document = answer.body;
      expect(document.openapi).toMatch(/^3\./);
      const expected: Record<string, Record<string, string[]>> = {
        '/api/v1/providers': { get: ['200'] },
        '/api/v1/organizations': { get: ['200'], post: ['201'] },
        '/api/v1/organizations/{orgId}': { get: ['200'] },
        '/api/v1/organizations/{orgId}/directories': { get: ['200'], post: ['201'] },
        '/api/v1/directories/{directoryId}': { get: ['200'], delete: ['204'] },
        '/api/v1/directories/{directoryId}/token': { post: ['200', '201'] },
        '/api/v1/directories/{directoryId}/users': { get: ['200'] },
        '/api/v1/directories/{directoryId}/users/{userId}': { get: ['200'] },
        '/api/v1/directories/{directoryId}/groups': { get: ['200'] },
        '/api/v1/directories/{directoryId}/groups/{groupId}': { get: ['200'] },
        '/api/v1/directories/{directoryId}/groups/{groupId}/members': { get: ['200'] },
      };
      const schemes: Record<string, Json> = document.components?.securitySchemes ?? {};
      const bearerSchemes = Object.keys(schemes).filter(
        (name) => schemes[name].type === 'http' && /^bearer$/i.test(schemes[name].scheme),
      );
      expect(bearerSchemes.length).toBeGreaterThan(0);
      for (const [path, methods] of Object.entries(expected)) {
        for (const [method, successes] of Object.entries(methods)) {
          const operation: Json = document.paths?.[path]?.[method];
          expect({ operation: `${method} ${path}`, documented: operation !== undefined }).toEqual({
            operation: `${method} ${path}`,
            documented: true,
          });
          const responses = Object.keys(operation.responses ?? {});
          expect({
            operation: `${method} ${path}`,
            success: successes.some((code) => responses.includes(code)),
          }).toEqual({ operation: `${method} ${path}`, success: true });
          const security: Json[] = operation.security ?? document.security ?? [];
          expect({
            operation: `${method} ${path}`,
            bearer: security.some((requirement) => bearerSchemes.some((name) => name in requirement)),
          }).toEqual({ operation: `${method} ${path}`, bearer: true });
        }
      }
      const parameters = (path: string): string[] =>
        ((document.paths[path].get.parameters ?? []) as Json[])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name)
          .sort();
      expect(parameters('/api/v1/directories/{directoryId}/users')).toEqual(
        ['active', 'cursor', 'groupId', 'limit', 'search'].sort(),
      );
      expect(parameters('/api/v1/directories/{directoryId}/groups')).toEqual(['cursor', 'limit', 'search']);
      expect(parameters('/api/v1/directories/{directoryId}/groups/{groupId}/members')).toEqual([
        'cursor',
        'limit',
      ]);
      expect(parameters('/api/v1/organizations')).toEqual(['cursor', 'limit']);
    });
  });

  describe('providers', () => {
    it('lists jumpcloud, okta, entra-id, google-workspace, onelogin, pingone and generic-scim with names and setup steps', async () => {
      const body = expectOk(
        await apiRequest(target(), 'GET', '/api/v1/providers'),
        200,
        'GET /api/v1/providers',
      );
      // The list is small and not paginated; accept it bare or in `data`, as the other lists give theirs.
      const providers: Json[] = Array.isArray(body) ? body : body.data;
      expect(Array.isArray(providers)).toBe(true);
      expect(providers.map((provider) => provider.id).sort()).toEqual([...PROVIDER_IDS].sort());
      for (const provider of providers) {
        expect(typeof provider.name).toBe('string');
        expect(provider.name.trim().length).toBeGreaterThan(0);
        const steps: unknown = provider.setupSteps;
        const text = Array.isArray(steps) ? steps.join('\n') : steps;
        expect({ provider: provider.id, stepsAreText: typeof text === 'string' }).toEqual({
          provider: provider.id,
          stepsAreText: true,
        });
        if (Array.isArray(steps)) {
          expect(steps.length).toBeGreaterThan(0);
          for (const step of steps) expect(typeof step === 'string' && step.trim().length > 0).toBe(true);
        }
        // Connecting a provider means pasting the directory's endpoint URL and bearer token: the steps say where.
        expect({
          provider: provider.id,
          url: /\bURL\b/i.test(text as string),
          token: /\btoken\b/i.test(text as string),
        }).toEqual({ provider: provider.id, url: true, token: true });
      }
    });
  });
}

type ApiBody = { json: unknown } | { raw: string };

function asOptions(body: ApiBody): { body?: unknown; raw?: string } {
  return 'raw' in body ? { raw: body.raw } : { body: body.json };
}
