import type { INestApplication } from '@nestjs/common';
import {
  EventTypes,
  SCIM_COMMAND_VERSION,
  ScimCommandTypes,
  Topics,
  type EventEnvelope,
  type ScimCommand,
  type ScimCommandReply,
} from '@scimflow/contracts';
import {
  BusRequester,
  KafkaMessageBus,
  MESSAGE_BUS,
  NamespacedMessageBus,
  type MessageBus,
  type SubscriptionHandle,
} from '@scimflow/messaging';
import { dataSourceToken } from '@scimflow/persistence';
import { dropTestDatabase, kafkaBrokers, testDatabase, uniqueName, waitFor } from '@scimflow/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bootstrap } from './bootstrap';

const ADMIN_API_KEY = 'integration-admin-key-0123456789';

interface Mode {
  /** Environment of the service under test. */
  env(): Promise<Record<string, string>>;
  /** The bus a client of the service (the ingress, a consumer) talks to. */
  clientBus(app: INestApplication): Promise<MessageBus>;
  cleanup(): Promise<void>;
}

function kafkaAndPostgres(): Mode {
  let databaseUrl = '';
  let bus: MessageBus | undefined;
  // Topics and groups of this test only, whatever else shares the broker.
  const namespace = uniqueName('ds').replace(/[^A-Za-z0-9_-]/g, '-');
  return {
    async env() {
      databaseUrl = await testDatabase('directory_service');
      return {
        BUS: 'kafka',
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_NAMESPACE: namespace,
        DATABASE_URL: databaseUrl,
      };
    },
    async clientBus() {
      bus = new NamespacedMessageBus(
        new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: uniqueName('ingress-probe') }),
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
    async env() {
      dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-directory-'));
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

describe.each([
  ['Kafka + Postgres', kafkaAndPostgres],
  ['in-process bus + embedded Postgres', inProcessAndEmbedded],
])('directory-service (%s)', (_name, makeMode) => {
  const mode = makeMode();
  let app: INestApplication;
  let bus: MessageBus;
  let requester: BusRequester;
  let events: SubscriptionHandle;
  const seen: EventEnvelope[] = [];

  beforeAll(async () => {
    app = await bootstrap(
      {
        ...(await mode.env()),
        PORT: '0',
        PUBLIC_URL: 'http://scimflow.test',
        ADMIN_API_KEY,
        KAFKA_PARTITIONS: '3',
        LOG_LEVEL: 'warn',
      },
      { handleSignals: false },
    );
    bus = await mode.clientBus(app);
    requester = new BusRequester(bus, { instanceId: uniqueName('ingress'), defaultTimeoutMs: 15_000 });
    await requester.start();
    events = await bus.subscribe({
      group: uniqueName('event-probe'),
      topics: [Topics.directoryEvents],
      fromBeginning: true,
      handle: async (message) => {
        seen.push(message.value as EventEnvelope);
      },
    });
  }, 120_000);

  afterAll(async () => {
    await events?.stop();
    await requester?.stop();
    await app?.close();
    await mode.cleanup();
  }, 60_000);

  async function createDirectory(): Promise<{ organizationId: string; directoryId: string }> {
    const http = app.getHttpServer();
    const organization = await request(http)
      .post('/api/v1/organizations')
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({ name: uniqueName('Acme') })
      .expect(201);
    const directory = await request(http)
      .post(`/api/v1/organizations/${organization.body.id}/directories`)
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({ provider: 'jumpcloud' })
      .expect(201);
    return { organizationId: organization.body.id, directoryId: directory.body.id };
  }

  function command(
    ids: { organizationId: string; directoryId: string },
    fields: Partial<ScimCommand>,
  ): ScimCommand {
    return {
      commandId: randomUUID(),
      version: SCIM_COMMAND_VERSION,
      provider: 'jumpcloud',
      issuedAt: new Date().toISOString(),
      type: ScimCommandTypes.userCreate,
      ...ids,
      ...fields,
    };
  }

  it('applies a command sent over the bus, commits the row, and publishes its event through the outbox', async () => {
    const ids = await createDirectory();
    const userName = `${uniqueName('ada')}@acme.example`;
    const reply = await requester.request<ScimCommandReply>(
      Topics.scimCommands,
      ids.directoryId,
      command(ids, {
        resource: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
          name: { givenName: 'Ada', familyName: 'Lovelace' },
          emails: [{ value: userName, type: 'work', primary: true }],
          active: true,
        },
      }),
    );

    expect(reply).toMatchObject({ ok: true, status: 201, resource: { userName, id: expect.any(String) } });
    if (!reply.ok) throw new Error(`unexpected error reply ${JSON.stringify(reply.error)}`);
    const userId = String(reply.resource?.['id']);

    const dataSource = app.get<DataSource>(dataSourceToken('directory'));
    const rows: Array<{ user_name: string; active: boolean }> = await dataSource.query(
      'SELECT user_name, active FROM directory.users WHERE id = $1',
      [userId],
    );
    expect(rows).toEqual([{ user_name: userName, active: true }]);

    const published = await waitFor(
      () => {
        const mine = seen.filter((event) => event.directoryId === ids.directoryId);
        expect(mine.map((event) => event.type)).toEqual([
          EventTypes.directoryActivated,
          EventTypes.userCreated,
        ]);
        return mine;
      },
      { timeoutMs: 20_000 },
    );
    expect(published.map((event) => event.sequence)).toEqual([1, 2]);
    expect(published[1]).toMatchObject({
      organizationId: ids.organizationId,
      data: { id: userId, userName, givenName: 'Ada', active: true, email: userName },
    });
    const stored: Array<{ id: string }> = await dataSource.query(
      'SELECT id FROM directory.events WHERE directory_id = $1 ORDER BY sequence',
      [ids.directoryId],
    );
    expect(stored.map((row) => row.id)).toEqual(published.map((event) => event.id));
  });

  it('answers a uniqueness conflict with a SCIM error and publishes nothing for it', async () => {
    const ids = await createDirectory();
    const resource = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'grace@acme.example',
    };
    await requester.request(Topics.scimCommands, ids.directoryId, command(ids, { resource }));
    const conflict = await requester.request<ScimCommandReply>(
      Topics.scimCommands,
      ids.directoryId,
      command(ids, { resource: { ...resource, userName: 'GRACE@acme.example' } }),
    );
    expect(conflict).toEqual({
      ok: false,
      error: expect.objectContaining({ status: 409, scimType: 'uniqueness' }),
    });

    const dataSource = app.get<DataSource>(dataSourceToken('directory'));
    const [{ count }] = await dataSource.query(
      'SELECT count(*)::int AS count FROM directory.events WHERE directory_id = $1',
      [ids.directoryId],
    );
    expect(count).toBe(2);
  });

  it('sequences role events from access.events.v1 into the directory log under their own id, once', async () => {
    const ids = await createDirectory();
    const created = await requester.request<ScimCommandReply>(
      Topics.scimCommands,
      ids.directoryId,
      command(ids, {
        resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'roles@acme.example' },
      }),
    );
    expect(created.ok).toBe(true);
    const roleEvent = {
      id: randomUUID(),
      type: EventTypes.userRolesUpdated,
      version: 1,
      occurredAt: new Date().toISOString(),
      organizationId: ids.organizationId,
      directoryId: ids.directoryId,
      data: {
        user: { id: 'u1' },
        roles: ['admin'],
        previousRoles: [],
        grants: [{ role: 'admin', groupIds: ['g1'] }],
      },
    };
    // Delivered twice, as a redelivery after a crash would: sequenced once.
    await bus.publish([
      { topic: Topics.accessEvents, key: ids.directoryId, value: roleEvent },
      { topic: Topics.accessEvents, key: ids.directoryId, value: roleEvent },
    ]);
    const mine = await waitFor(
      () => {
        const events = seen.filter((event) => event.directoryId === ids.directoryId);
        expect(events.map((event) => event.type)).toEqual([
          EventTypes.directoryActivated,
          EventTypes.userCreated,
          EventTypes.userRolesUpdated,
        ]);
        return events;
      },
      { timeoutMs: 20_000 },
    );
    expect(mine[2]).toMatchObject({ id: roleEvent.id, sequence: 3, data: roleEvent.data });
    const dataSource = app.get<DataSource>(dataSourceToken('directory'));
    const [{ count }] = await dataSource.query(
      'SELECT count(*)::int AS count FROM directory.events WHERE id = $1',
      [roleEvent.id],
    );
    expect(count).toBe(1);
  });

  it('dead-letters an invalid command with its reason, visible through the management API, and moves on', async () => {
    const ids = await createDirectory();
    const marker = uniqueName('invalid');
    await bus.publish([
      { topic: Topics.scimCommands, key: ids.directoryId, value: { marker, type: 'user.create' } },
    ]);
    // The partition is not blocked: a valid command behind it is applied.
    const reply = await requester.request<ScimCommandReply>(
      Topics.scimCommands,
      ids.directoryId,
      command(ids, {
        resource: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `${marker}@acme.example`,
        },
      }),
    );
    expect(reply.ok).toBe(true);
    const deadLetter = await waitFor(
      async () => {
        const page = await request(app.getHttpServer())
          .get(`/api/v1/dead-letters?topic=${Topics.scimCommands}`)
          .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
          .expect(200);
        const found = (
          page.body.data as Array<{ payload: { marker?: string }; reason: string; consumerGroup: string }>
        ).find((letter) => letter.payload?.marker === marker);
        expect(found).toBeDefined();
        return found!;
      },
      { timeoutMs: 20_000 },
    );
    expect(deadLetter.reason).toMatch(/invalid command/);
    expect(deadLetter.consumerGroup).toMatch(/directory-service$/);
  });
});
