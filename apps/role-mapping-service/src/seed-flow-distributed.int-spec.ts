import { EventTypes } from '@scimflow/contracts';
import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  managementApiClient,
  ServiceProcess,
  testDatabase,
  uniqueName,
  waitFor,
  type ManagementApiClient,
} from '@scimflow/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';

// The seed flow across the distributed services, each its own process from dist/: scim-ingress,
// directory-service, role-mapping-service and webhook-dispatcher on a real Kafka and a real Postgres.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'seed-flow-admin-key-0123456789';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// Response bodies are read loosely here; the assertions say what they must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('the seed flow across the distributed services (Kafka + Postgres)', () => {
  let databaseUrl = '';
  const services: Record<string, ServiceProcess> = {};
  let api: ManagementApiClient;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ body: string; headers: Record<string, string> }> = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ body, headers: request.headers as Record<string, string> });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;

    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
    databaseUrl = await testDatabase('seed_flow');
    const ports = {
      directory: await freePort(),
      ingress: await freePort(),
      roles: await freePort(),
      webhooks: await freePort(),
    };
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('seed').replace(/[^A-Za-z0-9_-]/g, '-'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PUBLIC_URL: `http://127.0.0.1:${ports.ingress}`,
      LOG_LEVEL: 'warn',
    };
    services['directory-service'] = new ServiceProcess(
      'directory-service',
      `http://127.0.0.1:${ports.directory}`,
      {
        ...common,
        PORT: String(ports.directory),
      },
    );
    // Each service migrates its own schema: start the one owning the directory tables first.
    await services['directory-service'].ready(150_000);
    services['scim-ingress'] = new ServiceProcess('scim-ingress', `http://127.0.0.1:${ports.ingress}`, {
      ...common,
      PORT: String(ports.ingress),
      DIRECTORY_SERVICE_URL: services['directory-service'].url,
    });
    services['role-mapping-service'] = new ServiceProcess(
      'role-mapping-service',
      `http://127.0.0.1:${ports.roles}`,
      {
        ...common,
        PORT: String(ports.roles),
      },
    );
    services['webhook-dispatcher'] = new ServiceProcess(
      'webhook-dispatcher',
      `http://127.0.0.1:${ports.webhooks}`,
      {
        ...common,
        PORT: String(ports.webhooks),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '0s,200ms,200ms',
      },
    );
    await Promise.all(Object.values(services).map((service) => service.ready(150_000)));
    api = managementApiClient(services['directory-service'].url, ADMIN_API_KEY);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await new Promise((resolve) => receiver?.close(resolve));
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 90_000);

  async function call(
    service: string,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${services[service]!.url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_API_KEY}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it('maps group membership to roles and revokes exactly those roles when the group is disassociated', async () => {
    const endpoint = await call('webhook-dispatcher', 'POST', '/api/v1/webhook-endpoints', {
      url: receiverUrl,
    });
    expect(endpoint.status).toBe(201);
    const organization = await api.createOrganization('Acme');
    const directory = await api.createDirectory(organization.id, 'jumpcloud');
    const scim = directory.endpointUrl;
    const idp = async (
      method: string,
      route: string,
      body?: unknown,
    ): Promise<{ status: number; body: Json }> => {
      const response = await fetch(`${scim}${route}`, {
        method,
        headers: {
          Authorization: `Bearer ${directory.bearerToken}`,
          'Content-Type': 'application/scim+json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };

    expect(
      (
        await call('role-mapping-service', 'POST', '/api/v1/roles', {
          key: 'engineer',
          name: 'Engineer',
          priority: 10,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('role-mapping-service', 'PUT', `/api/v1/organizations/${organization.id}/role-mapping`, {
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
    const group = await idp('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
    });
    expect(group.status).toBe(201);
    const added = await idp('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: users.map((value) => ({ value })) }],
    });
    expect(added.status).toBe(200);

    for (const userId of users) {
      await waitFor(
        async () => {
          const roles = await call(
            'role-mapping-service',
            'GET',
            `/api/v1/directories/${directory.id}/users/${userId}/roles`,
          );
          expect(roles.body.roles).toEqual([
            expect.objectContaining({
              key: 'engineer',
              grantedBy: [expect.objectContaining({ groupId: group.body.id })],
            }),
          ]);
        },
        { timeoutMs: 30_000 },
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
          const roles = await call(
            'role-mapping-service',
            'GET',
            `/api/v1/directories/${directory.id}/users/${userId}/roles`,
          );
          expect(roles.body.roles).toEqual([]);
          const detail = await call(
            'directory-service',
            'GET',
            `/api/v1/directories/${directory.id}/users/${userId}`,
          );
          expect(detail.body).toMatchObject({ active: false, roles: [], groups: [] });
        },
        { timeoutMs: 30_000 },
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
      { timeoutMs: 30_000 },
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
      { timeoutMs: 30_000 },
    );
    expect(delivered.map((event) => event.sequence)).toEqual(events.map((event) => event.sequence));
    expect(delivered.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });
});
