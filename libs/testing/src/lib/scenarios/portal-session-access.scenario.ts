import { derivePortalSessionSecret, signPortalSession } from '@scimflow/service-kit';
import { randomUUID } from 'node:crypto';
import { waitFor, type WaitForOptions } from '../wait-for';
import { requestJson, type Json, type JsonAnswer } from './scenario-http';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** How {@link portalSessionAccessScenario} meets the product: what it knows before it starts, and after. */
export interface PortalSessionAccessSetup {
  adminApiKey: string;
  /**
   * `PORTAL_SESSION_SECRET` when the mode sets it; sessions are then refused when signed with the key derived
   * from the admin key. Unset, sessions are signed with the key derived from the admin key.
   */
  portalSessionSecret?: string;
  /**
   * Where the answers of the services settle: a user's roles, the request log. Given, the reads allowed to
   * the session are polled until they answer 200 (services that learn users from the event stream).
   */
  settle: WaitForOptions & { readsAreEventual: boolean };
  /** The public origin once the calling `describe`'s `beforeAll` has started it (the process or the gateway). */
  baseUrl: () => string;
  /** The URL the identity provider sends SCIM requests to, from a directory's `endpointUrl` (default: it). */
  scimUrl?: (endpointUrl: string) => string;
}

interface Tenant {
  organizationId: string;
  directoryId: string;
  userId: string;
  groupId: string;
}

/**
 * Portal sessions, registered in the calling `describe`: a customer's IT admin arrives through a magic link,
 * and the session it opens reads and runs its own organization (directories, users, groups, roles, request
 * log, events) on every service, and reaches neither another organization nor the operator's routes.
 * Two organizations (Acme, Globex), each with a JumpCloud directory that provisioned a user in a group, and
 * the session of Acme's link are created in a `beforeAll` after the calling `describe`'s own.
 */
export function portalSessionAccessScenario(setup: PortalSessionAccessSetup): void {
  const { adminApiKey } = setup;
  const sessionSecret = setup.portalSessionSecret ?? derivePortalSessionSecret(adminApiKey);
  let sessionToken = '';
  let linkId = '';
  const ids: Record<string, string> = {};

  const call = (credential: string, method: string, route: string, body?: unknown): Promise<JsonAnswer> =>
    requestJson(`${setup.baseUrl()}${route}`, credential, method, body);
  const admin = (method: string, route: string, body?: unknown) => call(adminApiKey, method, route, body);
  const itAdmin = (method: string, route: string, body?: unknown) => call(sessionToken, method, route, body);
  /** `route` with `:name` placeholders replaced by the ids of the two organizations' resources. */
  const resolve = (route: string) => route.replace(/:([A-Za-z]+)/g, (_match, name: string) => ids[name]!);

  /** An organization with a JumpCloud directory that provisioned a user in a group. */
  async function tenant(name: string): Promise<Tenant> {
    const organization = await admin('POST', '/api/v1/organizations', { name });
    expect(organization.status).toBe(201);
    const directory = await admin('POST', `/api/v1/organizations/${organization.body.id}/directories`, {
      provider: 'jumpcloud',
    });
    expect(directory.status).toBe(201);
    const endpointUrl: string = directory.body.endpointUrl;
    const scim = setup.scimUrl ? setup.scimUrl(endpointUrl) : endpointUrl;
    const idp = async (route: string, body: unknown): Promise<{ id: string }> => {
      const created = await requestJson(
        `${scim}${route}`,
        directory.body.bearerToken,
        'POST',
        body,
        'application/scim+json',
      );
      expect(created.status).toBe(201);
      return created.body;
    };
    const userName = `ada@${name.toLowerCase()}.example`;
    const user = await idp('/Users', {
      schemas: [CORE_USER],
      userName,
      active: true,
      emails: [{ value: userName, type: 'work', primary: true }],
    });
    const group = await idp('/Groups', {
      schemas: [CORE_GROUP],
      displayName: 'Engineering',
      members: [{ value: user.id }],
    });
    return {
      organizationId: organization.body.id,
      directoryId: directory.body.id,
      userId: user.id,
      groupId: group.id,
    };
  }

  beforeAll(async () => {
    const [acme, globex] = await Promise.all([tenant('Acme'), tenant('Globex')]);
    Object.assign(ids, {
      orgA: acme.organizationId,
      dirA: acme.directoryId,
      userA: acme.userId,
      groupA: acme.groupId,
      orgB: globex.organizationId,
      dirB: globex.directoryId,
      userB: globex.userId,
      groupB: globex.groupId,
    });
    const link = await admin('POST', `/api/v1/organizations/${ids['orgA']}/portal-links`, {});
    expect(link.status).toBe(201);
    linkId = link.body.id;
    const session = await call('', 'POST', '/api/v1/portal-sessions', {
      token: new URL(link.body.url).hash.slice('#token='.length),
    });
    expect(session.status).toBe(200);
    sessionToken = session.body.sessionToken;
  }, 60_000);

  it.each([
    '/api/v1/organizations/:orgA',
    '/api/v1/organizations/:orgA/directories',
    '/api/v1/directories/:dirA',
    '/api/v1/directories/:dirA/users',
    '/api/v1/directories/:dirA/users/:userA',
    '/api/v1/directories/:dirA/users/:userA/roles',
    '/api/v1/directories/:dirA/groups',
    '/api/v1/directories/:dirA/groups/:groupA',
    '/api/v1/directories/:dirA/groups/:groupA/members',
    '/api/v1/directories/:dirA/requests',
    '/api/v1/directories/:dirA/events',
    '/api/v1/events',
    '/api/v1/events?organizationId=:orgA',
    '/api/v1/event-types',
    '/api/v1/providers',
    '/api/v1/roles',
    '/api/v1/organizations/:orgA/role-mapping',
    '/api/v1/organizations/:orgA/role-mapping/status',
    '/api/v1/organizations/:orgA/portal-links',
  ])("lets the IT admin's session read GET %s of its organization", async (route) => {
    const read = async () => {
      const answer = await itAdmin('GET', resolve(route));
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
    };
    await (setup.settle.readsAreEventual ? waitFor(read, setup.settle) : read());
  });

  it.each([
    ['GET', '/api/v1/organizations'],
    ['POST', '/api/v1/organizations'],
    ['GET', '/api/v1/organizations/:orgB'],
    ['GET', '/api/v1/organizations/:orgB/directories'],
    ['POST', '/api/v1/organizations/:orgB/directories'],
    ['GET', '/api/v1/directories/:dirB'],
    ['POST', '/api/v1/directories/:dirB/token'],
    ['DELETE', '/api/v1/directories/:dirA'],
    ['GET', '/api/v1/directories/:dirB/users'],
    ['GET', '/api/v1/directories/:dirB/users/:userB'],
    ['GET', '/api/v1/directories/:dirB/users/:userB/roles'],
    ['GET', '/api/v1/directories/:dirB/groups'],
    ['GET', '/api/v1/directories/:dirB/groups/:groupB/members'],
    ['GET', '/api/v1/directories/:dirB/requests'],
    ['GET', '/api/v1/directories/:dirB/events'],
    ['GET', '/api/v1/events?organizationId=:orgB'],
    ['GET', '/api/v1/organizations/:orgB/role-mapping'],
    ['PUT', '/api/v1/organizations/:orgB/role-mapping'],
    ['POST', '/api/v1/organizations/:orgB/role-mapping/preview'],
    ['POST', '/api/v1/roles'],
    ['GET', '/api/v1/webhook-endpoints'],
    ['POST', '/api/v1/webhook-endpoints'],
    ['GET', '/api/v1/dead-letters'],
    ['GET', '/api/v1/organizations/:orgB/portal-links'],
    ['POST', '/api/v1/organizations/:orgA/portal-links'],
  ])('refuses the session %s %s with 403 and the management error body', async (method, route) => {
    const answer = await itAdmin(method, resolve(route), method === 'GET' ? undefined : {});
    expect({ route, status: answer.status, body: answer.body }).toEqual({
      route,
      status: 403,
      body: { error: { code: 'forbidden', message: expect.any(String) } },
    });
  });

  it("reads its organization's users, groups, request log and events, and nothing of another", async () => {
    const users = await itAdmin('GET', resolve('/api/v1/directories/:dirA/users'));
    expect(users.body.data.map((user: Json) => user.id)).toEqual([ids['userA']]);
    const members = await itAdmin('GET', resolve('/api/v1/directories/:dirA/groups/:groupA/members'));
    expect(members.body.data.map((user: Json) => user.id)).toEqual([ids['userA']]);
    await waitFor(async () => {
      const requests = await itAdmin('GET', resolve('/api/v1/directories/:dirA/requests'));
      expect(requests.body.data.map((entry: Json) => entry.status)).toEqual([201, 201]);
    }, setup.settle);

    // Without organizationId the events API is narrowed to the session's organization, not widened to all.
    // (listed across directories a moment after commit, once positioned)
    await waitFor(async () => {
      const operatorView = await admin('GET', '/api/v1/events?limit=200');
      expect(new Set(operatorView.body.data.map((event: Json) => event.organizationId))).toEqual(
        new Set([ids['orgA'], ids['orgB']]),
      );
    });
    const events = await itAdmin('GET', '/api/v1/events?limit=200');
    expect(events.body.data.length).toBeGreaterThan(0);
    expect(new Set(events.body.data.map((event: Json) => event.organizationId))).toEqual(
      new Set([ids['orgA']]),
    );
    const otherDirectory = await itAdmin('GET', resolve('/api/v1/events?directoryId=:dirB'));
    expect(otherDirectory).toEqual({ status: 200, body: { data: [], nextCursor: '0', hasMore: false } });
  });

  it('runs what the portal offers an IT admin: connect a provider, rotate a token, save the role mapping', async () => {
    const created = await itAdmin('POST', resolve('/api/v1/organizations/:orgA/directories'), {
      provider: 'okta',
    });
    expect(created.status).toBe(201);
    expect(created.body.organizationId).toBe(ids['orgA']);
    const rotated = await itAdmin('POST', resolve('/api/v1/directories/:dirA/token'));
    expect(rotated.status).toBe(200);
    const mapping = { mode: 'multiple', defaultRole: null, rules: [] };
    expect(
      (await itAdmin('POST', resolve('/api/v1/organizations/:orgA/role-mapping/preview'), mapping)).status,
    ).toBe(200);
    expect((await itAdmin('PUT', resolve('/api/v1/organizations/:orgA/role-mapping'), mapping)).status).toBe(
      200,
    );
  });

  it('answers 404 for a directory that does not exist, as it does to the operator', async () => {
    const unknown = await itAdmin('GET', `/api/v1/directories/${randomUUID()}/users`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('answers 404 for a directory that does not exist on the services that ask directory-service', async () => {
    for (const route of [
      `/api/v1/directories/${randomUUID()}/requests`,
      `/api/v1/directories/${randomUUID()}/users/${randomUUID()}/roles`,
    ]) {
      const answer = await itAdmin('GET', route);
      expect({ route, status: answer.status }).toEqual({ route, status: 404 });
    }
  });

  const forged: Array<[string, () => string]> = [
    [
      'expired',
      () =>
        signPortalSession(
          { organizationId: ids['orgA']!, linkId, exp: Math.floor(Date.now() / 1000) - 1 },
          sessionSecret,
        ),
    ],
    [
      'signed with another key',
      () =>
        signPortalSession(
          { organizationId: ids['orgA']!, linkId, exp: Math.floor(Date.now() / 1000) + 600 },
          derivePortalSessionSecret('another-admin-api-key'),
        ),
    ],
    [
      'rewritten to another organization',
      () => {
        const [prefix, payload, mac] = sessionToken.split('.');
        const claims = {
          ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
          organizationId: ids['orgB'],
        };
        return `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
      },
    ],
    ['malformed', () => 'pst1.not-a-session'],
  ];
  if (setup.portalSessionSecret !== undefined) {
    forged.push([
      'signed with the key derived from the admin key, where PORTAL_SESSION_SECRET is set',
      () => {
        const [, payload] = sessionToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        return signPortalSession(claims, derivePortalSessionSecret(adminApiKey));
      },
    ]);
  }
  it.each(forged)('refuses a session %s with 401 on every service', async (_label, token) => {
    for (const route of [
      '/api/v1/directories/:dirA/users',
      '/api/v1/directories/:dirA/requests',
      '/api/v1/organizations/:orgA/role-mapping',
      '/api/v1/webhook-endpoints',
      '/api/v1/events',
      '/api/v1/organizations/:orgA/portal-links',
    ]) {
      const answer = await call(token(), 'GET', resolve(route));
      expect({ route, status: answer.status, code: answer.body.error.code }).toEqual({
        route,
        status: 401,
        code: 'unauthorized',
      });
    }
  });

  // Last: it ends the session's link.
  it("ends with its link: the portal refuses it at once, the other services at the session's expiry", async () => {
    expect((await admin('DELETE', `/api/v1/portal-links/${linkId}`)).status).toBe(204);
    expect((await itAdmin('POST', '/api/v1/portal-sessions/refresh')).status).toBe(401);
    expect((await itAdmin('GET', resolve('/api/v1/organizations/:orgA/portal-links'))).status).toBe(401);
    // Documented: the session is verified by signature elsewhere, so it reads on until it expires (minutes).
    expect((await itAdmin('GET', resolve('/api/v1/directories/:dirA/users'))).status).toBe(200);
  });
}
