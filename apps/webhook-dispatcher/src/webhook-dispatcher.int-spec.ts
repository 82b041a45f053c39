import type { INestApplication } from '@nestjs/common';
import { EventTypes, Topics, type EventEnvelope, type EventType } from '@scimflow/contracts';
import { KafkaMessageBus, MESSAGE_BUS, type MessageBus } from '@scimflow/messaging';
import { dropTestDatabase, kafkaBrokers, testDatabase, uniqueName, waitFor } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { bootstrap } from './bootstrap';

const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
const RETRY_SCHEDULE = '0s,200ms,200ms,200ms';

/** What a receiver got: one HTTP request. */
interface Hit {
  webhookId: string;
  headers: Record<string, string>;
  body: string;
  event: EventEnvelope;
  receivedAt: number;
  /** The status the receiver answered (undefined: it reset the connection). */
  answered: number | undefined;
}

type Reply = { status: number; delayMs?: number } | 'reset';

interface Receiver {
  url: string;
  hits: Hit[];
  /** How to answer the next requests; `earlier` are the hits before this one. */
  reply: (hit: Hit, earlier: Hit[]) => Reply;
  succeeded(): Hit[];
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1, as an application would run one. */
async function startReceiver(reply: Receiver['reply'] = () => ({ status: 204 })): Promise<Receiver> {
  const timers = new Set<NodeJS.Timeout>();
  const receiver = {
    url: '',
    hits: [] as Hit[],
    reply,
    succeeded: () => receiver.hits.filter((hit) => hit.answered !== undefined && hit.answered < 300),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hit: Hit = {
        webhookId: String(req.headers['webhook-id']),
        headers: flatten(req.headers),
        body,
        event: JSON.parse(body) as EventEnvelope,
        receivedAt: Date.now(),
        answered: undefined,
      };
      const earlier = [...receiver.hits];
      receiver.hits.push(hit);
      const answer = receiver.reply(hit, earlier);
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const send = () => {
        hit.answered = answer.status;
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(`answered ${answer.status}`);
      };
      if (answer.delayMs === undefined) send();
      else {
        // the receiver is slow: it holds the answer (this is the scenario, not a wait of the test)
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/scimflow`;
  return receiver;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

interface Mode {
  env(): Promise<Record<string, string>>;
  /** The bus directory-service publishes on. */
  clientBus(app: INestApplication): Promise<MessageBus>;
  cleanup(): Promise<void>;
}

function kafkaAndPostgres(): Mode {
  let databaseUrl = '';
  let bus: KafkaMessageBus | undefined;
  return {
    async env() {
      databaseUrl = await testDatabase('webhook_dispatcher');
      return { BUS: 'kafka', KAFKA_BROKERS: kafkaBrokers().join(','), DATABASE_URL: databaseUrl };
    },
    async clientBus() {
      bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: uniqueName('directory-probe') });
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
      dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-webhooks-'));
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

function serviceEnv(): Record<string, string> {
  return {
    PORT: '0',
    ADMIN_API_KEY,
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE,
    WEBHOOK_CONCURRENCY: '16',
    WEBHOOK_ENDPOINT_CONCURRENCY: '4',
    WEBHOOK_POLL_INTERVAL_MS: '100',
    KAFKA_PARTITIONS: '3',
    LOG_LEVEL: 'warn',
  };
}

interface Directory {
  organizationId: string;
  directoryId: string;
}

/** The events directory-service would publish for a directory, sequenced from 1. */
function eventsOf(
  directory: Directory,
  count: number,
  type: EventType = EventTypes.userCreated,
): EventEnvelope[] {
  return Array.from({ length: count }, (_unused, index) => ({
    id: randomUUID(),
    type,
    version: 1,
    sequence: index + 1,
    occurredAt: new Date().toISOString(),
    organizationId: directory.organizationId,
    directoryId: directory.directoryId,
    data: { id: randomUUID(), userName: `user${index + 1}@acme.example`, active: true },
  }));
}

function newDirectory(organizationId: string = randomUUID()): Directory {
  return { organizationId, directoryId: randomUUID() };
}

function managementApi(app: INestApplication) {
  const server = app.getHttpServer();
  const authorization = `Bearer ${ADMIN_API_KEY}`;
  return {
    get: (url: string) => request(server).get(url).set('Authorization', authorization),
    post: (url: string, body?: object) =>
      request(server).post(url).set('Authorization', authorization).send(body),
    patch: (url: string, body: object) =>
      request(server).patch(url).set('Authorization', authorization).send(body),
    delete: (url: string) => request(server).delete(url).set('Authorization', authorization),
  };
}

type Api = ReturnType<typeof managementApi>;

interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  sequence: number;
  directoryId: string;
  replayId: string | null;
  status: string;
  attempts: Array<{
    httpStatus: number | null;
    error: string | null;
    durationMs: number;
    responseBody: string | null;
  }>;
  nextAttemptAt: string | null;
}

async function createEndpoint(
  api: Api,
  body: { url: string; organizationId?: string; eventTypes?: string[] },
): Promise<{ id: string; secret: string }> {
  const response = await api.post('/api/v1/webhook-endpoints', body).expect(201);
  return { id: response.body.id, secret: response.body.secret };
}

async function deliveriesOf(api: Api, endpointId: string): Promise<DeliveryView[]> {
  const response = await api.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=200`).expect(200);
  return response.body.data as DeliveryView[];
}

describe.each([
  ['Kafka + Postgres', kafkaAndPostgres],
  ['in-process bus + embedded Postgres', inProcessAndEmbedded],
])('webhook-dispatcher (%s)', (_name, makeMode) => {
  const mode = makeMode();
  const receivers: Receiver[] = [];
  let app: INestApplication;
  let bus: MessageBus;
  let api: Api;

  beforeAll(async () => {
    app = await bootstrap({ ...(await mode.env()), ...serviceEnv() }, { handleSignals: false });
    bus = await mode.clientBus(app);
    api = managementApi(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await mode.cleanup();
  }, 60_000);

  async function receiver(reply?: Receiver['reply']): Promise<Receiver> {
    const started = await startReceiver(reply);
    receivers.push(started);
    return started;
  }

  async function publish(events: EventEnvelope[]): Promise<void> {
    await bus.publish(
      events.map((event) => ({ topic: Topics.directoryEvents, key: event.directoryId, value: event })),
    );
  }

  it('signs each delivery so that standardwebhooks verifies it, with both secrets during a rotation', async () => {
    const target = await receiver();
    const directory = newDirectory();
    const endpoint = await createEndpoint(api, { url: target.url, organizationId: directory.organizationId });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [created, updated] = eventsOf(directory, 2);
    const first = {
      ...created!,
      data: { id: 'u1', userName: 'ada@acme.example', name: { givenName: 'Ada' } },
    };
    await publish([first]);

    const [hit] = await waitFor(() => {
      expect(target.hits).toHaveLength(1);
      return target.hits;
    });
    expect(hit!.webhookId).toBe(first.id);
    expect(hit!.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(hit!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(hit!.headers['content-type']).toBe('application/json');
    // the envelope exactly as the events API shows it: same fields, same order
    expect(Object.keys(JSON.parse(hit!.body) as object)).toEqual([
      'id',
      'type',
      'version',
      'sequence',
      'occurredAt',
      'organizationId',
      'directoryId',
      'data',
    ]);
    expect(new Webhook(endpoint.secret).verify(hit!.body, hit!.headers)).toEqual(first);
    expect(() =>
      new Webhook(endpoint.secret).verify(hit!.body.replace('ada@', 'eve@'), hit!.headers),
    ).toThrow();
    const stale = {
      ...hit!.headers,
      'webhook-timestamp': String(Number(hit!.headers['webhook-timestamp']) - 600),
    };
    expect(() => new Webhook(endpoint.secret).verify(hit!.body, stale)).toThrow();

    const rotation = await api.post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`).expect(200);
    expect(rotation.body.secret).toMatch(/^whsec_/);
    expect(rotation.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotation.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    await publish([
      { ...updated!, type: EventTypes.userUpdated, previousAttributes: { userName: 'ada@old.example' } },
    ]);

    const rotated = await waitFor(() => {
      expect(target.hits).toHaveLength(2);
      return target.hits[1]!;
    });
    expect(rotated.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(rotation.body.secret).verify(rotated.body, rotated.headers)).toMatchObject({
      id: updated!.id,
      previousAttributes: { userName: 'ada@old.example' },
    });
    expect(() => new Webhook(endpoint.secret).verify(rotated.body, rotated.headers)).not.toThrow();
    const shown = await api.get(`/api/v1/webhook-endpoints/${endpoint.id}`).expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(rotation.body.secret.slice(6));
    expect(shown.body.previousSecretExpiresAt).toBe(rotation.body.previousSecretExpiresAt);
  });

  it('delivers only what the endpoint filters for: its organization and its event types', async () => {
    const groups = await receiver();
    const otherOrganization = await receiver();
    const directory = newDirectory();
    await createEndpoint(api, {
      url: groups.url,
      organizationId: directory.organizationId,
      eventTypes: ['directory.group.*'],
    });
    await createEndpoint(api, { url: otherOrganization.url, organizationId: randomUUID() });
    const [userEvent] = eventsOf(directory, 1, EventTypes.userCreated);
    const groupEvent = { ...eventsOf(directory, 2, EventTypes.groupCreated)[1]! };
    const memberEvent = { ...eventsOf(directory, 3, EventTypes.groupUserAdded)[2]! };
    // an invalid event is dead-lettered and does not hold up the ones after it
    await bus.publish([
      { topic: Topics.directoryEvents, key: directory.directoryId, value: { id: 'not-an-event' } },
    ]);
    await publish([userEvent!, groupEvent, memberEvent]);

    await waitFor(() => expect(groups.hits.map((hit) => hit.event.sequence)).toEqual([2, 3]));
    expect(groups.hits.map((hit) => hit.event.type)).toEqual([
      EventTypes.groupCreated,
      EventTypes.groupUserAdded,
    ]);
    expect(otherOrganization.hits).toHaveLength(0);
  });

  it('retries a failing receiver on the schedule and records every attempt', async () => {
    const flaky = await receiver((_hit, earlier) => ({ status: earlier.length < 3 ? 500 : 204 }));
    const directory = newDirectory();
    const endpoint = await createEndpoint(api, { url: flaky.url, organizationId: directory.organizationId });
    const [event] = eventsOf(directory, 1);
    await publish([event!]);

    const [delivery] = await waitFor(async () => {
      const deliveries = await deliveriesOf(api, endpoint.id);
      expect(deliveries.map((entry) => entry.status)).toEqual(['succeeded']);
      return deliveries;
    });
    expect(delivery).toMatchObject({
      eventId: event!.id,
      eventType: EventTypes.userCreated,
      nextAttemptAt: null,
    });
    expect(delivery!.attempts.map((attempt) => attempt.httpStatus)).toEqual([500, 500, 500, 204]);
    expect(delivery!.attempts[0]).toMatchObject({ responseBody: 'answered 500', error: null });
    expect(flaky.hits.map((hit) => hit.webhookId)).toEqual([event!.id, event!.id, event!.id, event!.id]);
    for (const hit of flaky.hits)
      expect(() => new Webhook(endpoint.secret).verify(hit.body, hit.headers)).not.toThrow();
    // the schedule's waits (200 ms ±20%) separate the attempts
    const gaps = flaky.hits.slice(1).map((hit, index) => hit.receivedAt - flaky.hits[index]!.receivedAt);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('keeps each directory in sequence order across retries while two directories interleave', async () => {
    // every event fails on its first attempt: the next one of its directory must wait for the retry
    const target = await receiver((hit, earlier) => ({
      status: earlier.some((previous) => previous.webhookId === hit.webhookId) ? 200 : 503,
    }));
    const organizationId = randomUUID();
    const first = newDirectory(organizationId);
    const second = newDirectory(organizationId);
    await createEndpoint(api, { url: target.url, organizationId });
    const firstEvents = eventsOf(first, 4);
    const secondEvents = eventsOf(second, 4);
    await publish(firstEvents.flatMap((event, index) => [event, secondEvents[index]!]));

    await waitFor(() => expect(target.succeeded()).toHaveLength(8), { timeoutMs: 20_000 });
    for (const directory of [first, second]) {
      const hits = target.hits.filter((hit) => hit.event.directoryId === directory.directoryId);
      expect(hits.map((hit) => [hit.event.sequence, hit.answered])).toEqual([
        [1, 503],
        [1, 200],
        [2, 503],
        [2, 200],
        [3, 503],
        [3, 200],
        [4, 503],
        [4, 200],
      ]);
    }
    // independent streams: the second directory did not wait for the first one to finish
    const lastOfFirst = Math.max(
      ...target.hits
        .filter((hit) => hit.event.directoryId === first.directoryId)
        .map((hit) => hit.receivedAt),
    );
    const firstOfSecond = Math.min(
      ...target.hits
        .filter((hit) => hit.event.directoryId === second.directoryId)
        .map((hit) => hit.receivedAt),
    );
    expect(firstOfSecond).toBeLessThan(lastOfFirst);
  });

  it('gives up after the schedule (dead), and a replay delivers the events later, in order, with the same ids', async () => {
    let down = true;
    const target = await receiver(() => (down ? 'reset' : { status: 204 }));
    const directory = newDirectory();
    const endpoint = await createEndpoint(api, { url: target.url, organizationId: directory.organizationId });
    const since = new Date(Date.now() - 1000).toISOString();
    const events = eventsOf(directory, 3);
    await publish(events);

    const dead = await waitFor(
      async () => {
        const deliveries = await deliveriesOf(api, endpoint.id);
        expect(deliveries.map((entry) => entry.status)).toEqual(['dead', 'dead', 'dead']);
        return deliveries;
      },
      { timeoutMs: 20_000 },
    );
    for (const delivery of dead) {
      expect(delivery.attempts).toHaveLength(4);
      expect(
        delivery.attempts.every((attempt) => attempt.httpStatus === null && attempt.error !== null),
      ).toBe(true);
    }
    // order held while failing too: every attempt of event 1 came before any of event 2
    expect(target.hits.map((hit) => hit.event.sequence)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);

    down = false;
    const replay = await api.post(`/api/v1/webhook-endpoints/${endpoint.id}/replay`, { since }).expect(202);
    expect(replay.body).toEqual({ replayId: expect.any(String), deliveries: 3 });

    await waitFor(() => expect(target.succeeded()).toHaveLength(3));
    expect(target.succeeded().map((hit) => hit.webhookId)).toEqual(events.map((event) => event.id));
    // the receiver has its answer before the dispatcher has recorded it
    await waitFor(async () => {
      const deliveries = await deliveriesOf(api, endpoint.id);
      const replayed = deliveries.filter((delivery) => delivery.replayId === replay.body.replayId);
      expect(replayed.map((delivery) => [delivery.sequence, delivery.status]).sort()).toEqual([
        [1, 'succeeded'],
        [2, 'succeeded'],
        [3, 'succeeded'],
      ]);
    });
  });

  it('lets a dead delivery be retried by hand', async () => {
    let down = true;
    const target = await receiver(() => ({ status: down ? 502 : 204 }));
    const directory = newDirectory();
    const endpoint = await createEndpoint(api, { url: target.url, organizationId: directory.organizationId });
    await publish(eventsOf(directory, 1));
    const [dead] = await waitFor(async () => {
      const deliveries = await deliveriesOf(api, endpoint.id);
      expect(deliveries.map((entry) => entry.status)).toEqual(['dead']);
      return deliveries;
    });
    down = false;

    const retried = await api.post(`/api/v1/webhook-deliveries/${dead!.id}/retry`).expect(202);
    expect(retried.body.status).toBe('pending');
    await waitFor(async () => {
      const delivery = await api.get(`/api/v1/webhook-deliveries/${dead!.id}`).expect(200);
      expect(delivery.body.status).toBe('succeeded');
      expect(delivery.body.attempts.map((attempt: { httpStatus: number }) => attempt.httpStatus)).toEqual([
        502, 502, 502, 502, 204,
      ]);
    });
    const again = await api.post(`/api/v1/webhook-deliveries/${dead!.id}/retry`).expect(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('keeps delivering to a healthy endpoint while another one takes 10 s to answer', async () => {
    const slow = await receiver(() => ({ status: 204, delayMs: 10_000 }));
    const fast = await receiver();
    const organizationId = randomUUID();
    const slowEndpoint = await createEndpoint(api, { url: slow.url, organizationId });
    await createEndpoint(api, { url: fast.url, organizationId });
    // six directories: the slow endpoint fills its 4 slots and has more waiting
    const directories = Array.from({ length: 6 }, () => newDirectory(organizationId));
    const published = new Map<string, number>();
    for (const directory of directories) {
      const [event] = eventsOf(directory, 1);
      published.set(event!.id, Date.now());
      await publish([event!]);
    }

    await waitFor(() => expect(fast.hits).toHaveLength(6), { timeoutMs: 5_000 });
    const latencies = fast.hits.map((hit) => hit.receivedAt - (published.get(hit.webhookId) ?? Number.NaN));
    expect(slow.hits.length).toBeGreaterThan(0);
    // no slow answer had come yet: every fast delivery happened while the slow endpoint held its requests
    expect(slow.hits.every((hit) => hit.answered === undefined)).toBe(true);
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    expect(slow.hits.length).toBeLessThanOrEqual(4);
    await api.delete(`/api/v1/webhook-endpoints/${slowEndpoint.id}`).expect(204);
  });

  it('disables an endpoint that answers 410 Gone, visibly, and stops sending to it', async () => {
    const gone = await receiver(() => ({ status: 410 }));
    const healthy = await receiver();
    const directory = newDirectory();
    const endpoint = await createEndpoint(api, { url: gone.url, organizationId: directory.organizationId });
    await createEndpoint(api, { url: healthy.url, organizationId: directory.organizationId });
    const [first, second] = eventsOf(directory, 2);
    await publish([first!]);

    const disabled = await waitFor(async () => {
      const response = await api.get(`/api/v1/webhook-endpoints/${endpoint.id}`).expect(200);
      expect(response.body.enabled).toBe(false);
      return response.body as { disabledReason: string; disabledAt: string };
    });
    expect(disabled.disabledReason).toContain('410');
    expect(Date.parse(disabled.disabledAt)).not.toBeNaN();
    await publish([second!]);
    await waitFor(() => expect(healthy.hits).toHaveLength(2));
    expect(gone.hits).toHaveLength(1);
    const deliveries = await deliveriesOf(api, endpoint.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.attempts.map((attempt) => attempt.httpStatus)).toEqual([410]);

    const reenabled = await api
      .patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true })
      .expect(200);
    expect(reenabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it('serves the management API behind the admin key, with validation errors listed', async () => {
    await request(app.getHttpServer()).get('/api/v1/webhook-endpoints').expect(401);
    const invalid = await api
      .post('/api/v1/webhook-endpoints', {
        url: 'ftp://example.com',
        eventTypes: ['directory.usr.*'],
        extra: 1,
      })
      .expect(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(invalid.body.error.message).toMatch(/url must be a URL address/);
    expect(invalid.body.error.message).toMatch(/eventTypes must hold event types/);
    expect(invalid.body.error.message).toMatch(/property extra should not exist/);
    await api.get(`/api/v1/webhook-endpoints/${randomUUID()}`).expect(404);
    await api.get('/api/v1/webhook-endpoints/not-a-uuid').expect(404);

    const organizationId = randomUUID();
    const created = await Promise.all(
      [1, 2, 3].map((index) =>
        createEndpoint(api, {
          url: `https://app${index}.example.com/hook`,
          organizationId,
          eventTypes: ['*'],
        }),
      ),
    );
    const firstPage = await api
      .get(`/api/v1/webhook-endpoints?organizationId=${organizationId}&limit=2`)
      .expect(200);
    expect(firstPage.body.data).toHaveLength(2);
    expect(JSON.stringify(firstPage.body)).not.toContain('whsec_');
    const secondPage = await api
      .get(
        `/api/v1/webhook-endpoints?organizationId=${organizationId}&limit=2&cursor=${firstPage.body.nextCursor}`,
      )
      .expect(200);
    expect(secondPage.body.nextCursor).toBeNull();
    expect(
      [...firstPage.body.data, ...secondPage.body.data].map((endpoint: { id: string }) => endpoint.id).sort(),
    ).toEqual(created.map((endpoint) => endpoint.id).sort());

    const patched = await api
      .patch(`/api/v1/webhook-endpoints/${created[0]!.id}`, {
        description: 'CRM',
        eventTypes: ['directory.user.*'],
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      description: 'CRM',
      eventTypes: ['directory.user.*'],
      organizationId,
    });
    await api.delete(`/api/v1/webhook-endpoints/${created[0]!.id}`).expect(204);
    await api.get(`/api/v1/webhook-endpoints/${created[0]!.id}`).expect(404);
  });
});

describe('webhook-dispatcher: two instances on Kafka + Postgres', () => {
  let databaseUrl = '';
  let apps: INestApplication[] = [];
  let bus: KafkaMessageBus;
  let target: Receiver;

  beforeAll(async () => {
    databaseUrl = await testDatabase('webhook_dispatcher_pair');
    const env = {
      ...serviceEnv(),
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      DATABASE_URL: databaseUrl,
    };
    // one at a time: the second waits for the first's migrations anyway
    apps = [await bootstrap(env, { handleSignals: false }), await bootstrap(env, { handleSignals: false })];
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: uniqueName('directory-probe') });
    target = await startReceiver();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await bus?.close();
    await target?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 60_000);

  it('shares the deliveries without sending any twice, in order per directory', async () => {
    const organizationId = randomUUID();
    const [first, second] = apps.map(managementApi);
    const endpoint = await createEndpoint(first!, { url: target.url, organizationId });
    const directories = Array.from({ length: 6 }, () => newDirectory(organizationId));
    const events = directories.flatMap((directory) => eventsOf(directory, 5));
    await bus.publish(
      events.map((event) => ({ topic: Topics.directoryEvents, key: event.directoryId, value: event })),
    );

    const deliveries = await waitFor(
      async () => {
        // either instance answers for the shared state
        const all = await deliveriesOf(second!, endpoint.id);
        expect(all.filter((delivery) => delivery.status === 'succeeded')).toHaveLength(events.length);
        return all;
      },
      { timeoutMs: 30_000 },
    );
    expect(deliveries.every((delivery) => delivery.attempts.length === 1)).toBe(true);
    expect(target.hits).toHaveLength(events.length);
    expect(new Set(target.hits.map((hit) => hit.webhookId)).size).toBe(events.length);
    for (const directory of directories) {
      const sequences = target.hits
        .filter((hit) => hit.event.directoryId === directory.directoryId)
        .map((hit) => hit.event.sequence);
      expect(sequences).toEqual([1, 2, 3, 4, 5]);
    }
  });
});
