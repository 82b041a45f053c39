import type { INestApplication } from '@nestjs/common';
import {
  deadLetterTopic,
  EVENT_VERSIONS,
  EventTypes,
  Topics,
  type DirectoryGroup,
  type DirectoryUser,
  type EventEnvelope,
  type EventType,
} from '@scimflow/contracts';
import {
  BusHeaders,
  KafkaMessageBus,
  MESSAGE_BUS,
  NamespacedMessageBus,
  type MessageBus,
  type SubscriptionHandle,
} from '@scimflow/messaging';
import { dataSourceToken, EmbeddedPostgres } from '@scimflow/persistence';
import type { RolesUpdatedMessage } from '@scimflow/role-mapping';
import { dropTestDatabase, kafkaBrokers, testDatabase, uniqueName, waitFor } from '@scimflow/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bootstrap } from './bootstrap';

const ADMIN_API_KEY = 'integration-admin-key-0123456789';
const WAIT = { timeoutMs: 30_000 };

interface Mode {
  /** Environment of the service under test (the same across restarts). */
  env(): Promise<Record<string, string>>;
  /** The bus directory-service (the publisher of directory events) and the probes talk to. */
  clientBus(app: INestApplication): Promise<MessageBus>;
  /** True when the client bus lives inside the app, so that a restart needs new subscriptions. */
  busInsideApp: boolean;
  /** Runs SQL on the service's database while the service is stopped. */
  offlineQuery(sql: string, parameters: unknown[]): Promise<void>;
  cleanup(): Promise<void>;
}

function kafkaAndPostgres(): Mode {
  let databaseUrl = '';
  let bus: MessageBus | undefined;
  // Topics and groups of this test only, whatever else shares the broker.
  const namespace = uniqueName('rms').replace(/[^A-Za-z0-9_-]/g, '-');
  return {
    busInsideApp: false,
    async offlineQuery(sql, parameters) {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(sql, parameters);
      } finally {
        await client.end();
      }
    },
    async env() {
      databaseUrl ||= await testDatabase('role_mapping_service');
      return {
        BUS: 'kafka',
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_NAMESPACE: namespace,
        DATABASE_URL: databaseUrl,
      };
    },
    async clientBus() {
      bus ??= new NamespacedMessageBus(
        new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: uniqueName('directory-probe') }),
        namespace,
      );
      return bus;
    },
    async cleanup() {
      await bus?.close();
      if (databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}

function inProcessAndEmbedded(): Mode {
  let dataDir = '';
  return {
    busInsideApp: true,
    async offlineQuery(sql, parameters) {
      const database = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'pgdata') });
      const pool = new (database.pgDriver({ search_path: 'role_mapping,public' }).Pool)();
      try {
        await pool.query(sql, parameters);
      } finally {
        await pool.end();
        await database.stop();
      }
    },
    async env() {
      dataDir ||= await mkdtemp(path.join(tmpdir(), 'scimflow-role-mapping-'));
      return { BUS: 'in-process', DATA_DIR: dataDir };
    },
    async clientBus(app) {
      return app.get<MessageBus>(MESSAGE_BUS);
    },
    async cleanup() {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Received {
  event: RolesUpdatedMessage;
  messageId: string | undefined;
}

/** Publishes one directory's events as directory-service would: sequenced, keyed by directory, with ids. */
class DirectoryFeed {
  readonly organizationId = randomUUID();
  readonly directoryId = randomUUID();
  readonly published: EventEnvelope[] = [];

  constructor(private readonly bus: () => MessageBus) {}

  user(userName: string, fields: Partial<DirectoryUser> = {}): DirectoryUser {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      directoryId: this.directoryId,
      organizationId: this.organizationId,
      externalId: null,
      userName,
      email: userName,
      emails: [{ value: userName, type: 'work', primary: true }],
      givenName: null,
      familyName: null,
      displayName: userName.split('@')[0] ?? null,
      active: true,
      title: null,
      department: null,
      employeeNumber: null,
      costCenter: null,
      division: null,
      manager: null,
      phoneNumbers: [],
      locale: null,
      customAttributes: {},
      rawAttributes: { userName },
      createdAt: now,
      updatedAt: now,
      ...fields,
    };
  }

  group(displayName: string): DirectoryGroup {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      directoryId: this.directoryId,
      organizationId: this.organizationId,
      externalId: null,
      displayName,
      memberCount: 0,
      rawAttributes: { displayName },
      createdAt: now,
      updatedAt: now,
    };
  }

  async emit(type: EventType, data: unknown): Promise<EventEnvelope> {
    const event: EventEnvelope = {
      id: randomUUID(),
      type,
      version: EVENT_VERSIONS[type],
      sequence: this.published.length + 1,
      occurredAt: new Date().toISOString(),
      organizationId: this.organizationId,
      directoryId: this.directoryId,
      data,
    };
    this.published.push(event);
    await this.publish([event]);
    return event;
  }

  /** Publishes events again, unchanged: what a consumer restarting from an earlier offset sees. */
  async publish(events: EventEnvelope[]): Promise<void> {
    await this.bus().publish(
      events.map((event) => ({
        topic: Topics.directoryEvents,
        key: this.directoryId,
        value: event,
        headers: { [BusHeaders.messageId]: event.id, 'event-id': event.id, 'event-type': event.type },
      })),
    );
  }
}

describe.each([
  ['Kafka + Postgres', kafkaAndPostgres],
  ['in-process bus + embedded Postgres', inProcessAndEmbedded],
])('role-mapping-service (%s)', (_name, makeMode) => {
  const mode = makeMode();
  let app: INestApplication | undefined;
  let bus: MessageBus;
  let probes: SubscriptionHandle[] = [];
  const received: Received[] = [];
  const deadLetters: unknown[] = [];

  async function start(): Promise<void> {
    app = await bootstrap(
      {
        ...(await mode.env()),
        PORT: '0',
        ADMIN_API_KEY,
        KAFKA_PARTITIONS: '3',
        LOG_LEVEL: 'warn',
        RECOMPUTE_BATCH_SIZE: '2',
      },
      { handleSignals: false },
    );
    bus = await mode.clientBus(app);
    if (probes.length > 0) return;
    // From the end: the probes join before this test publishes anything.
    probes = [
      await bus.subscribe({
        group: uniqueName('access-probe'),
        topics: [Topics.accessEvents],
        fromBeginning: false,
        handle: async (message) => {
          received.push({
            event: message.value as RolesUpdatedMessage,
            messageId: message.headers[BusHeaders.messageId],
          });
        },
      }),
      await bus.subscribe({
        group: uniqueName('dead-letter-probe'),
        topics: [deadLetterTopic(Topics.directoryEvents)],
        fromBeginning: false,
        handle: async (message) => {
          deadLetters.push(message.value);
        },
      }),
    ];
  }

  function running(): INestApplication {
    if (!app) throw new Error('the service is not running');
    return app;
  }

  async function stop(): Promise<void> {
    if (mode.busInsideApp) {
      await Promise.all(probes.map((probe) => probe.stop()));
      probes = [];
    }
    await app?.close();
    app = undefined;
  }

  beforeAll(async () => {
    await start();
    const http = running().getHttpServer();
    for (const role of [
      { key: 'admin', name: 'Administrator', priority: 100 },
      { key: 'editor', name: 'Editor', priority: 50 },
      { key: 'viewer', name: 'Viewer', priority: 10 },
    ]) {
      await request(http)
        .post('/api/v1/roles')
        .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
        .send(role)
        .expect(201);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(probes.map((probe) => probe.stop()));
    await app?.close();
    await mode.cleanup();
  }, 60_000);

  function api() {
    const http = running().getHttpServer();
    const auth = (test: request.Test) => test.set('Authorization', `Bearer ${ADMIN_API_KEY}`);
    return {
      get: (url: string) => auth(request(http).get(url)),
      post: (url: string, body: object) => auth(request(http).post(url)).send(body),
      put: (url: string, body: object) => auth(request(http).put(url)).send(body),
      delete: (url: string) => auth(request(http).delete(url)),
    };
  }

  function receivedFor(feed: DirectoryFeed): Received[] {
    return received.filter((entry) => entry.event.directoryId === feed.directoryId);
  }

  /** [userName, roles, previousRoles] of the feed's roles_updated events, in the order they arrived. */
  function changesOf(feed: DirectoryFeed): Array<[string, string[], string[]]> {
    return receivedFor(feed).map(({ event }) => [
      event.data.user.userName,
      event.data.roles,
      event.data.previousRoles,
    ]);
  }

  async function waitForStatusDone(organizationId: string): Promise<Record<string, unknown>> {
    return waitFor(async () => {
      const status = await api()
        .get(`/api/v1/organizations/${organizationId}/role-mapping/status`)
        .expect(200);
      expect(status.body.status).toBe('done');
      return status.body as Record<string, unknown>;
    }, WAIT);
  }

  it('turns membership and lifecycle events into roles_updated events, only on real changes, in order, never twice', async () => {
    const feed = new DirectoryFeed(() => bus);
    const admins = feed.group('Admins');
    const engineering = feed.group('Engineering');
    await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, {
        mode: 'multiple',
        defaultRole: 'viewer',
        rules: [
          { group: { displayName: 'engineering' }, roles: ['editor'] },
          { group: { id: admins.id }, roles: ['admin'] },
        ],
      })
      .expect(200);

    const ada = feed.user('ada@acme.example');
    const bob = feed.user('bob@acme.example');
    const causes: string[] = [];
    causes.push((await feed.emit(EventTypes.userCreated, ada)).id);
    causes.push((await feed.emit(EventTypes.userCreated, bob)).id);
    await feed.emit(EventTypes.groupCreated, admins);
    await feed.emit(EventTypes.groupCreated, engineering);
    causes.push((await feed.emit(EventTypes.groupUserAdded, { user: ada, group: engineering })).id);
    causes.push((await feed.emit(EventTypes.groupUserAdded, { user: bob, group: admins })).id);
    causes.push((await feed.emit(EventTypes.groupUserAdded, { user: ada, group: admins })).id);
    // A change that is not a change of roles, and a membership that changes no role.
    await feed.emit(EventTypes.userUpdated, { ...bob, displayName: 'Robert' });
    causes.push((await feed.emit(EventTypes.groupUserRemoved, { user: ada, group: engineering })).id);
    // The seed's scenario: the group is disassociated from the app, every member removed, then the group deleted.
    causes.push(
      (
        await feed.emit(EventTypes.groupUserRemoved, {
          user: { ...bob, displayName: 'Robert' },
          group: admins,
        })
      ).id,
    );
    causes.push((await feed.emit(EventTypes.groupUserRemoved, { user: ada, group: admins })).id);
    await feed.emit(EventTypes.groupDeleted, admins);
    causes.push(
      (await feed.emit(EventTypes.userDeactivated, { ...bob, displayName: 'Robert', active: false })).id,
    );

    const expected: Array<[string, string[], string[]]> = [
      ['ada@acme.example', ['viewer'], []],
      ['bob@acme.example', ['viewer'], []],
      ['ada@acme.example', ['editor'], ['viewer']],
      ['bob@acme.example', ['admin'], ['viewer']],
      ['ada@acme.example', ['admin', 'editor'], ['editor']],
      ['ada@acme.example', ['admin'], ['admin', 'editor']],
      ['bob@acme.example', ['viewer'], ['admin']],
      ['ada@acme.example', ['viewer'], ['admin']],
      ['bob@acme.example', [], ['viewer']],
    ];
    await waitFor(() => expect(changesOf(feed)).toEqual(expected), WAIT);
    const events = receivedFor(feed);
    expect(events.map(({ event }) => event.causationId)).toEqual(causes);
    for (const { event, messageId } of events) {
      expect(messageId).toBe(event.id);
      expect(event).toMatchObject({
        type: EventTypes.userRolesUpdated,
        version: 1,
        organizationId: feed.organizationId,
        directoryId: feed.directoryId,
      });
      expect(event).not.toHaveProperty('sequence');
    }
    expect(events[3]?.event.data).toEqual({
      user: { id: bob.id, userName: bob.userName, email: bob.email, displayName: 'bob', active: true },
      roles: ['admin'],
      previousRoles: ['viewer'],
      grants: [{ role: 'admin', groupIds: [admins.id] }],
    });
    expect(events[8]?.event.data.user).toMatchObject({ displayName: 'Robert', active: false });

    // A consumer restarting from an earlier offset sees every event again; a new user marks the end of the replay.
    await feed.publish([...feed.published]);
    await feed.emit(EventTypes.userCreated, feed.user('carl@acme.example'));
    await waitFor(
      () => expect(changesOf(feed)).toEqual([...expected, ['carl@acme.example', ['viewer'], []]]),
      WAIT,
    );

    const roles = await api()
      .get(`/api/v1/directories/${feed.directoryId}/users/${ada.id}/roles`)
      .expect(200);
    expect(roles.body).toEqual({ roles: [{ key: 'viewer', name: 'Viewer', grantedBy: [] }] });
  });

  it('follows group renames for rules by displayName, and revokes on deletion', async () => {
    const feed = new DirectoryFeed(() => bus);
    const support = feed.group('Support');
    await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, {
        mode: 'highest-priority',
        defaultRole: null,
        rules: [
          { group: { displayName: 'Support' }, roles: ['viewer'] },
          { group: { displayName: 'Escalations' }, roles: ['editor', 'viewer'] },
        ],
      })
      .expect(200);
    const dana = feed.user('dana@acme.example');
    await feed.emit(EventTypes.userCreated, dana);
    await feed.emit(EventTypes.groupCreated, support);
    await feed.emit(EventTypes.groupUserAdded, { user: dana, group: support });
    await feed.emit(EventTypes.groupUpdated, { ...support, displayName: 'Escalations' });
    await feed.emit(EventTypes.groupUpdated, { ...support, displayName: 'Tier 3' });
    await feed.emit(EventTypes.userDeleted, dana);

    await waitFor(
      () =>
        expect(changesOf(feed)).toEqual([
          ['dana@acme.example', ['viewer'], []],
          ['dana@acme.example', ['editor'], ['viewer']],
          ['dana@acme.example', [], ['editor']],
        ]),
      WAIT,
    );
    // The user's deletion changed no role (it held none): it is seen through the API only.
    await waitFor(
      () => api().get(`/api/v1/directories/${feed.directoryId}/users/${dana.id}/roles`).expect(404),
      WAIT,
    );
  });

  it('previews a mapping without saving it, then saves it and recomputes every user in the background', async () => {
    const feed = new DirectoryFeed(() => bus);
    const support = feed.group('Support');
    await api()
      .post('/api/v1/roles', { key: 'support-agent', name: 'Support agent', priority: 20 })
      .expect(201);
    await feed.emit(EventTypes.groupCreated, support);
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'].map((name) => feed.user(`${name}@acme.example`));
    for (const user of users) await feed.emit(EventTypes.userCreated, user);
    for (const user of users.slice(0, 4))
      await feed.emit(EventTypes.groupUserAdded, { user, group: support });
    const mapping = {
      mode: 'multiple',
      defaultRole: null,
      rules: [{ group: { displayName: 'SUPPORT' }, roles: ['support-agent'] }],
    };
    const supportIds = users
      .slice(0, 4)
      .map((user) => user.id)
      .sort();
    await waitFor(async () => {
      const preview = await api()
        .post(`/api/v1/organizations/${feed.organizationId}/role-mapping/preview`, mapping)
        .expect(200);
      expect(preview.body).toEqual({
        usersGaining: supportIds.map((userId) => ({ userId, roles: ['support-agent'] })),
        usersLosing: [],
        counts: { gaining: 4, losing: 0, unchanged: 1 },
      });
    }, WAIT);

    const unsaved = await api().get(`/api/v1/organizations/${feed.organizationId}/role-mapping`).expect(200);
    expect(unsaved.body).toMatchObject({ version: 0, rules: [], updatedAt: null });
    const idle = await api()
      .get(`/api/v1/organizations/${feed.organizationId}/role-mapping/status`)
      .expect(200);
    expect(idle.body).toEqual({ status: 'idle', total: 0, done: 0, startedAt: null, finishedAt: null });

    const unknown = await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, {
        ...mapping,
        defaultRole: 'no-such-role',
      })
      .expect(400);
    expect(unknown.body.error).toEqual({
      code: 'validation_failed',
      message: expect.stringContaining('no-such-role'),
    });
    await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, {
        ...mapping,
        rules: [{ group: { id: support.id, displayName: 'Support' }, roles: ['viewer'] }],
      })
      .expect(400);

    const saved = await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, mapping)
      .expect(200);
    expect(saved.body).toMatchObject({ organizationId: feed.organizationId, version: 1, mode: 'multiple' });
    expect(await waitForStatusDone(feed.organizationId)).toEqual({
      status: 'done',
      total: 5,
      done: 5,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    await waitFor(() => expect(receivedFor(feed)).toHaveLength(4), WAIT);
    expect(
      receivedFor(feed).map(({ event }) => [event.data.user.id, event.data.roles, event.causationId]),
    ).toEqual(supportIds.map((userId) => [userId, ['support-agent'], null]));
    const roles = await api()
      .get(`/api/v1/directories/${feed.directoryId}/users/${users[0]?.id}/roles`)
      .expect(200);
    expect(roles.body).toEqual({
      roles: [
        {
          key: 'support-agent',
          name: 'Support agent',
          grantedBy: [{ groupId: support.id, displayName: 'Support' }],
        },
      ],
    });

    // Saving the same mapping again recomputes everyone and changes nobody.
    await api().put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, mapping).expect(200);
    await waitForStatusDone(feed.organizationId);

    // Deleting the role removes it from the mapping and revokes it.
    await api().delete('/api/v1/roles/support-agent').expect(204);
    await waitFor(() => expect(receivedFor(feed)).toHaveLength(8), WAIT);
    expect(
      receivedFor(feed)
        .slice(4)
        .map(({ event }) => [event.data.user.id, event.data.roles, event.data.previousRoles]),
    ).toEqual(supportIds.map((userId) => [userId, [], ['support-agent']]));
    const after = await api().get(`/api/v1/organizations/${feed.organizationId}/role-mapping`).expect(200);
    expect(after.body).toMatchObject({ version: 3, rules: [] });
  });

  it('resumes an unfinished recompute job at start-up, after its last committed batch', async () => {
    const feed = new DirectoryFeed(() => bus);
    const everyone = feed.group('Everyone');
    await feed.emit(EventTypes.groupCreated, everyone);
    const users = ['r1', 'r2', 'r3', 'r4', 'r5'].map((name) => feed.user(`${name}@acme.example`));
    for (const user of users) {
      await feed.emit(EventTypes.userCreated, user);
      await feed.emit(EventTypes.groupUserAdded, { user, group: everyone });
    }
    const dataSource = () => running().get<DataSource>(dataSourceToken('role_mapping'));
    await waitFor(async () => {
      const [{ count }] = await dataSource().query(
        'SELECT count(*)::int AS count FROM role_mapping.memberships WHERE directory_id = $1',
        [feed.directoryId],
      );
      expect(count).toBe(5);
    }, WAIT);

    // As if the service had crashed right after committing the first batch (two users) of a mapping change.
    await stop();
    const ids = users.map((user) => user.id).sort();
    await mode.offlineQuery(
      `INSERT INTO role_mapping.organization_mappings (organization_id, mode, default_role, rules, version, updated_at)
       VALUES ($1, 'multiple', NULL, $2::jsonb, 1, now())`,
      [feed.organizationId, JSON.stringify([{ group: { id: everyone.id }, roles: ['editor'] }])],
    );
    await mode.offlineQuery(
      `INSERT INTO role_mapping.recompute_jobs (organization_id, status, total, done, last_user_id, started_at)
       VALUES ($1, 'running', 5, 2, $2, now())`,
      [feed.organizationId, ids[1]],
    );
    await start();

    expect(await waitForStatusDone(feed.organizationId)).toMatchObject({ total: 5, done: 5 });
    const stored: Array<{ user_id: string; roles: string[] }> = await dataSource().query(
      'SELECT user_id, roles FROM role_mapping.user_roles WHERE directory_id = $1 ORDER BY user_id',
      [feed.directoryId],
    );
    expect(stored).toEqual(ids.map((id, index) => ({ user_id: id, roles: index < 2 ? [] : ['editor'] })));
    const outbox: Array<{ payload: RolesUpdatedMessage }> = await dataSource().query(
      'SELECT payload FROM role_mapping.outbox WHERE key = $1 ORDER BY position',
      [feed.directoryId],
    );
    expect(
      outbox.map(({ payload }) => [payload.data.user.id, payload.data.roles, payload.causationId]),
    ).toEqual(ids.slice(2).map((id) => [id, ['editor'], null]));
  });

  it.each([
    [
      'a duplicate role key',
      () => api().post('/api/v1/roles', { key: 'admin', name: 'Again' }),
      409,
      'conflict',
    ],
    [
      'a role key that is not kebab-case',
      () => api().post('/api/v1/roles', { key: 'Billing_Admin', name: 'B' }),
      400,
      'validation_failed',
    ],
    [
      'a missing admin key',
      () => request(running().getHttpServer()).get('/api/v1/roles'),
      401,
      'unauthorized',
    ],
    ['an unknown role', () => api().delete('/api/v1/roles/no-such-role'), 404, 'not_found'],
    [
      'an organization id that is not a UUID',
      () => api().get('/api/v1/organizations/acme/role-mapping'),
      404,
      'not_found',
    ],
    [
      'an unknown mode',
      () =>
        api().post(`/api/v1/organizations/${randomUUID()}/role-mapping/preview`, { mode: 'all', rules: [] }),
      400,
      'validation_failed',
    ],
  ])('answers %s with the management API error shape', async (_case, send, status, code) => {
    const response = await send().expect(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('dead-letters an invalid event and goes on with the next one', async () => {
    const feed = new DirectoryFeed(() => bus);
    const broken = await feed.emit(EventTypes.userCreated, { id: 'not-a-uuid', userName: 42 });
    await api()
      .put(`/api/v1/organizations/${feed.organizationId}/role-mapping`, {
        mode: 'multiple',
        defaultRole: 'viewer',
        rules: [],
      })
      .expect(200);
    await feed.emit(EventTypes.userCreated, feed.user('erin@acme.example'));
    await waitFor(() => expect(changesOf(feed)).toEqual([['erin@acme.example', ['viewer'], []]]), WAIT);
    await waitFor(() => expect(deadLetters).toContainEqual(expect.objectContaining({ id: broken.id })), WAIT);
  });
});
