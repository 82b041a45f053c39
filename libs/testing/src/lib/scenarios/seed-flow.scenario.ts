import { EventTypes } from '@scimflow/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { managementApiClient } from '../management-api-client';
import { waitFor } from '../wait-for';
import { requestJson, type JsonAnswer } from './scenario-http';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Where {@link seedFlowScenario} reaches the product once it is started: the same origin for every API in
 * embedded mode, the service owning each API in distributed mode.
 */
export interface SeedFlowTarget {
  adminApiKey: string;
  /** Organizations, directories, their users, groups and events. */
  directoryApiUrl: string;
  /** Roles, role mappings and the roles of a user. */
  roleMappingApiUrl: string;
  /** Webhook endpoints. */
  webhookApiUrl: string;
  /** The URL the identity provider sends SCIM requests to, from a directory's `endpointUrl` (default: it). */
  scimUrl?: (endpointUrl: string) => string;
}

/** How long {@link seedFlowScenario} waits for what happens after a SCIM request: the mode's pace. */
export interface SeedFlowTimeouts {
  /** Roles granted or revoked, the user's state, the events logged. */
  settleMs: number;
  /** Every event delivered to the application's webhook endpoint. */
  deliveryMs: number;
}

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * The seed flow, registered in the calling `describe`: an organization connects JumpCloud, which provisions
 * users and a group; the group is mapped to an application role; then JumpCloud disassociates the group from
 * the app (every member removed, the users deactivated), and access is revoked while the group stays — in one
 * ordered event log, delivered signed to the application's webhook receiver (started here, on this machine).
 * `target` is read once the calling `describe`'s own `beforeAll` has started the product.
 */
export function seedFlowScenario(target: () => SeedFlowTarget, timeouts: SeedFlowTimeouts): void {
  let receiver: Server | undefined;
  let receiverUrl = '';
  const received: Delivery[] = [];

  beforeAll(async () => {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ body, headers: request.headers as Record<string, string> });
        response.writeHead(204).end();
      });
    });
    receiver = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('maps group membership to roles and revokes exactly those roles when the group is disassociated', async () => {
    const { adminApiKey, directoryApiUrl, roleMappingApiUrl, webhookApiUrl, scimUrl } = target();
    const admin = (apiUrl: string, method: string, route: string, body?: unknown): Promise<JsonAnswer> =>
      requestJson(`${apiUrl}${route}`, adminApiKey, method, body);
    const api = managementApiClient(directoryApiUrl, adminApiKey);

    const endpoint = await admin(webhookApiUrl, 'POST', '/api/v1/webhook-endpoints', { url: receiverUrl });
    expect(endpoint.status).toBe(201);
    const organization = await api.createOrganization('Acme');
    const directory = await api.createDirectory(organization.id, 'jumpcloud');
    const scim = scimUrl ? scimUrl(directory.endpointUrl) : directory.endpointUrl;
    const idp = (method: string, route: string, body?: unknown): Promise<JsonAnswer> =>
      requestJson(`${scim}${route}`, directory.bearerToken, method, body, 'application/scim+json');
    const rolesOf = (userId: string) =>
      admin(roleMappingApiUrl, 'GET', `/api/v1/directories/${directory.id}/users/${userId}/roles`);

    expect(
      (
        await admin(roleMappingApiUrl, 'POST', '/api/v1/roles', {
          key: 'engineer',
          name: 'Engineer',
          priority: 10,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin(roleMappingApiUrl, 'PUT', `/api/v1/organizations/${organization.id}/role-mapping`, {
          mode: 'multiple',
          defaultRole: null,
          rules: [{ group: { displayName: 'Engineering' }, roles: ['engineer'] }],
        })
      ).status,
    ).toBe(200);

    const users: string[] = [];
    for (const name of ['ada', 'grace']) {
      const userName = `${name}@acme.example`;
      const lookup = await idp('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      expect(lookup.body.totalResults).toBe(0);
      const created = await idp('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        active: true,
        emails: [{ value: userName, type: 'work', primary: true }],
      });
      expect(created.status).toBe(201);
      users.push(created.body.id);
    }
    const group = await idp('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Engineering' });
    expect(group.status).toBe(201);
    const added = await idp('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: users.map((value) => ({ value })) }],
    });
    expect(added.status).toBe(200);

    for (const userId of users) {
      await waitFor(
        async () => {
          expect((await rolesOf(userId)).body.roles).toEqual([
            expect.objectContaining({
              key: 'engineer',
              grantedBy: [expect.objectContaining({ groupId: group.body.id })],
            }),
          ]);
        },
        { timeoutMs: timeouts.settleMs },
      );
    }

    // JumpCloud: the group is disassociated from the app — one group update per member, then every
    // member that is in no other managed group is deactivated. No DELETE of the group.
    for (const userId of users) {
      const removed = await idp('PATCH', `/Groups/${group.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members', value: [{ value: userId }] }],
      });
      expect(removed.status).toBe(200);
    }
    for (const userId of users) {
      const current = await idp('GET', `/Users/${userId}`);
      const deactivated = await idp('PUT', `/Users/${userId}`, { ...current.body, active: false });
      expect(deactivated.body.active).toBe(false);
    }

    for (const userId of users) {
      await waitFor(
        async () => {
          expect((await rolesOf(userId)).body.roles).toEqual([]);
          const detail = await admin(
            directoryApiUrl,
            'GET',
            `/api/v1/directories/${directory.id}/users/${userId}`,
          );
          expect(detail.body).toMatchObject({ active: false, roles: [], groups: [] });
        },
        { timeoutMs: timeouts.settleMs },
      );
    }
    const stillThere = await api.forDirectory(directory.id).getGroup(group.body.id);
    expect(stillThere).toMatchObject({ displayName: 'Engineering', memberCount: 0, memberIds: [] });

    // One ordered log: each revocation comes after the membership removal that caused it.
    const events = await waitFor(
      async () => {
        const all = await api.forDirectory(directory.id).listEvents();
        expect(all.filter((event) => event.type === EventTypes.userRolesUpdated)).toHaveLength(4);
        return all;
      },
      { timeoutMs: timeouts.settleMs },
    );
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
    for (const userId of users) {
      const removal = events.findIndex(
        (event) =>
          event.type === EventTypes.groupUserRemoved &&
          (event.data as { user: { id: string } }).user.id === userId,
      );
      const revocation = events.findIndex(
        (event) =>
          event.type === EventTypes.userRolesUpdated &&
          (event.data as { user: { id: string }; roles: string[] }).user.id === userId &&
          (event.data as { roles: string[] }).roles.length === 0,
      );
      expect(removal).toBeGreaterThan(-1);
      expect(revocation).toBeGreaterThan(removal);
    }
    expect(events.some((event) => event.type === EventTypes.groupDeleted)).toBe(false);

    // The application received the same events, signed (Standard Webhooks), in sequence order.
    const verifier = new Webhook(endpoint.body.secret);
    const delivered = await waitFor(
      () => {
        const mine = received
          .map(
            (delivery) =>
              verifier.verify(delivery.body, delivery.headers) as {
                id: string;
                directoryId: string;
                sequence: number;
              },
          )
          .filter((event) => event.directoryId === directory.id);
        expect(mine).toHaveLength(events.length);
        return mine;
      },
      { timeoutMs: timeouts.deliveryMs },
    );
    expect(delivered.map((event) => event.sequence)).toEqual(events.map((event) => event.sequence));
    expect(delivered.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });
}
