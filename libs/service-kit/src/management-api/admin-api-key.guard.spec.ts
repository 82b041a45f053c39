import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { DirectoryOrganizations } from '../auth/directory-organizations';
import { ManagementAccess } from '../auth/management-access.decorator';
import { principalOf } from '../auth/management-principal';
import { derivePortalSessionSecret, signPortalSession } from '../auth/portal-session-token';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import type { ManagementApiOptions } from './management-api.tokens';

const ADMIN_KEY = 'k3y-of-the-admin';
const SESSION_SECRET = derivePortalSessionSecret(ADMIN_KEY);
const ORG_A = '4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b';
const ORG_B = 'c5a0b9e2-1111-4c58-9a61-2d0f4e8b9c11';
const DIRECTORY_A = '0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11';
const DIRECTORY_B = '7d3f0c52-9a1e-4b8f-8c55-1e2f3a4b5c6d';

interface FakeRequest {
  headers: { authorization?: string };
  params: Record<string, string>;
  query: Record<string, unknown>;
}

/** Express 5 parses `req.query` on each read from a getter of the request's prototype: so does this. */
function requestWith(
  authorization: string | undefined,
  params: Record<string, string> = {},
  query: Record<string, unknown> = {},
): FakeRequest {
  const prototype = {};
  Object.defineProperty(prototype, 'query', { get: () => ({ ...query }), configurable: true });
  return Object.assign(Object.create(prototype) as FakeRequest, {
    headers: authorization === undefined ? {} : { authorization },
    params,
  });
}

// Routes with each rule, as Nest hands them to the guard: the handler and its controller class.
class Routes {
  unmarked(): string {
    return 'unmarked';
  }
  @ManagementAccess('operator') operator(): string {
    return 'operator';
  }
  @ManagementAccess('any-session') catalog(): string {
    return 'catalog';
  }
  @ManagementAccess({ organizationParam: 'orgId' }) organization(): string {
    return 'organization';
  }
  @ManagementAccess({ directoryParam: 'directoryId' }) directory(): string {
    return 'directory';
  }
  @ManagementAccess({ organizationQuery: 'organizationId' }) events(): string {
    return 'events';
  }
}

@ManagementAccess({ directoryParam: 'directoryId' })
class DirectoryRoutes {
  list(): string {
    return 'list';
  }
  @ManagementAccess('operator') delete(): string {
    return 'delete';
  }
}

type Route = keyof Routes;

function contextOf(
  request: FakeRequest,
  handler: () => string = Routes.prototype.unmarked,
  controller: object = Routes,
): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => handler,
    getClass: () => controller,
  } as unknown as ExecutionContext;
}

const directories: DirectoryOrganizations = {
  organizationOf: async (directoryId) =>
    ({ [DIRECTORY_A]: ORG_A, [DIRECTORY_B]: ORG_B })[directoryId.toLowerCase()] ?? null,
};

function guardWith(
  options: ManagementApiOptions = { adminApiKey: ADMIN_KEY },
  lookup: DirectoryOrganizations | null = directories,
): AdminApiKeyGuard {
  return new AdminApiKeyGuard(options, new Reflector(), lookup ?? undefined);
}

function session(
  organizationId = ORG_A,
  { secret = SESSION_SECRET, expiresInSeconds = 600 }: { secret?: string; expiresInSeconds?: number } = {},
): string {
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return `Bearer ${signPortalSession({ organizationId, linkId: randomUUID(), exp }, secret)}`;
}

describe(AdminApiKeyGuard.name, () => {
  const guard = guardWith();

  it.each(['Bearer k3y-of-the-admin', 'bearer k3y-of-the-admin', 'Bearer   k3y-of-the-admin  '])(
    'lets %p through',
    async (header) => {
      await expect(guard.canActivate(contextOf(requestWith(header)))).resolves.toBe(true);
    },
  );

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic k3y-of-the-admin'],
    ['the key without a scheme', 'k3y-of-the-admin'],
    ['a wrong key', 'Bearer k3y-of-the-admim'],
    ['a prefix of the key', 'Bearer k3y'],
    ['two tokens', 'Bearer k3y-of-the-admin extra'],
  ])('refuses %s with unauthorized', async (_label, header) => {
    await expect(guard.canActivate(contextOf(requestWith(header)))).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
  });

  it('refuses every request when no admin key is configured, sessions included', async () => {
    const open = guardWith({ adminApiKey: '' });
    // With no key, the derived secret would be public knowledge: a session signed with it is worth nothing.
    const forged = session(ORG_A, { secret: derivePortalSessionSecret('') });
    for (const header of ['Bearer ', 'Bearer x', forged]) {
      await expect(
        open.canActivate(contextOf(requestWith(header), Routes.prototype.catalog)),
      ).rejects.toMatchObject({ status: 401 });
    }
  });

  it.each<[string, Route, Record<string, string>, Record<string, unknown>]>([
    ['an unmarked route', 'unmarked', {}, {}],
    ['an operator route', 'operator', {}, {}],
    ['a catalog', 'catalog', {}, {}],
    ['any organization', 'organization', { orgId: ORG_B }, {}],
    ['any directory, even unknown', 'directory', { directoryId: randomUUID() }, {}],
    ['events of every organization', 'events', {}, {}],
  ])('lets the operator reach %s', async (_label, route, params, query) => {
    const request = requestWith(`Bearer ${ADMIN_KEY}`, params, query);
    await expect(guard.canActivate(contextOf(request, Routes.prototype[route]))).resolves.toBe(true);
    expect(principalOf(request)).toEqual({ kind: 'operator' });
    expect(request.query).toEqual(query);
  });

  it.each<[string, Route, Record<string, string>]>([
    ['a catalog', 'catalog', {}],
    ['its organization', 'organization', { orgId: ORG_A }],
    ['its organization in upper case', 'organization', { orgId: ORG_A.toUpperCase() }],
    ['a directory of its organization', 'directory', { directoryId: DIRECTORY_A }],
    [
      'a directory of its organization in upper case',
      'directory',
      { directoryId: DIRECTORY_A.toUpperCase() },
    ],
  ])('lets a session reach %s', async (_label, route, params) => {
    const request = requestWith(session(ORG_A), params);
    await expect(guard.canActivate(contextOf(request, Routes.prototype[route]))).resolves.toBe(true);
    expect(principalOf(request)).toEqual(
      expect.objectContaining({ kind: 'organization', organizationId: ORG_A }),
    );
  });

  it.each<[string, Route, Record<string, string>, number, string]>([
    ['an unmarked route', 'unmarked', {}, 403, 'forbidden'],
    ['an operator route', 'operator', {}, 403, 'forbidden'],
    ['another organization', 'organization', { orgId: ORG_B }, 403, 'forbidden'],
    ['a route missing its organization', 'organization', {}, 403, 'forbidden'],
    ["another organization's directory", 'directory', { directoryId: DIRECTORY_B }, 403, 'forbidden'],
    ['an unknown directory', 'directory', { directoryId: randomUUID() }, 404, 'not_found'],
    ['a directory id that is no uuid', 'directory', { directoryId: 'nope' }, 404, 'not_found'],
  ])('refuses a session %s', async (_label, route, params, status, code) => {
    const request = requestWith(session(ORG_A), params);
    await expect(guard.canActivate(contextOf(request, Routes.prototype[route]))).rejects.toMatchObject({
      status,
      code,
      message: expect.any(String),
    });
  });

  it.each([
    ['missing: filled in', {}, { limit: '5', organizationId: ORG_A }],
    ['its own', { organizationId: ORG_A }, { limit: '5', organizationId: ORG_A }],
    ['its own in upper case', { organizationId: ORG_A.toUpperCase() }, { limit: '5', organizationId: ORG_A }],
  ])('narrows a query to the session organization, %s', async (_label, given, narrowed) => {
    const request = requestWith(session(ORG_A), {}, { limit: '5', ...given });
    await expect(guard.canActivate(contextOf(request, Routes.prototype.events))).resolves.toBe(true);
    // Read twice: the narrowed query must not be parsed anew from the URL by a later read.
    expect(request.query).toEqual(narrowed);
    expect(request.query).toEqual(narrowed);
  });

  it.each([
    ['another organization', { organizationId: ORG_B }],
    ['the parameter twice', { organizationId: [ORG_A, ORG_B] }],
  ])('refuses a session a query naming %s', async (_label, query) => {
    const request = requestWith(session(ORG_A), {}, query);
    await expect(guard.canActivate(contextOf(request, Routes.prototype.events))).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
  });

  it.each([
    ['expired', () => session(ORG_A, { expiresInSeconds: -1 })],
    [
      'signed with another key',
      () => session(ORG_A, { secret: derivePortalSessionSecret('another-admin-key') }),
    ],
    [
      'tampered with',
      () => {
        const [prefix, , mac] = session(ORG_A).slice('Bearer '.length).split('.');
        const claims = {
          organizationId: ORG_B,
          linkId: randomUUID(),
          exp: Math.floor(Date.now() / 1000) + 600,
        };
        return `Bearer ${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
      },
    ],
    ['cut short', () => session(ORG_A).slice(0, -3)],
  ])('refuses a session %s with unauthorized, even on a catalog', async (_label, header) => {
    await expect(
      guard.canActivate(contextOf(requestWith(header()), Routes.prototype.catalog)),
    ).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('verifies sessions with PORTAL_SESSION_SECRET when it is configured, not with the derived key', async () => {
    const secret = 'a-portal-session-secret-of-enough-length';
    const configured = guardWith({ adminApiKey: ADMIN_KEY, portalSessionSecret: secret });
    const context = (header: string) => contextOf(requestWith(header), Routes.prototype.catalog);
    await expect(configured.canActivate(context(session(ORG_A, { secret })))).resolves.toBe(true);
    await expect(configured.canActivate(context(session(ORG_A)))).rejects.toMatchObject({ status: 401 });
  });

  it("applies the controller's rule, and a route's own rule over it", async () => {
    const list = requestWith(session(ORG_A), { directoryId: DIRECTORY_A });
    await expect(
      guard.canActivate(contextOf(list, DirectoryRoutes.prototype.list, DirectoryRoutes)),
    ).resolves.toBe(true);
    const remove = requestWith(session(ORG_A), { directoryId: DIRECTORY_A });
    await expect(
      guard.canActivate(contextOf(remove, DirectoryRoutes.prototype.delete, DirectoryRoutes)),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a session on a route keyed by directory when the service has no lookup to ask', async () => {
    const unwired = guardWith({ adminApiKey: ADMIN_KEY }, null);
    const sessionRequest = requestWith(session(ORG_A), { directoryId: DIRECTORY_A });
    await expect(
      unwired.canActivate(contextOf(sessionRequest, Routes.prototype.directory)),
    ).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/only the admin API key/) });
    const operator = requestWith(`Bearer ${ADMIN_KEY}`, { directoryId: DIRECTORY_A });
    await expect(unwired.canActivate(contextOf(operator, Routes.prototype.directory))).resolves.toBe(true);
  });
});
