import { EventTypes } from '@scimflow/contracts';
import { createDataSource, EmbeddedPostgres } from '@scimflow/persistence';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { WebhookHttpClient, type WebhookAttemptResult } from '../egress/webhook-http-client';
import { WEBHOOKS_ENTITIES } from '../entities';
import { EventIngestService } from '../ingest/event-ingest.service';
import { WebhookDeliveriesService } from '../management/webhook-deliveries.service';
import { WebhookEndpointsService } from '../management/webhook-endpoints.service';
import { WEBHOOKS_MIGRATIONS } from '../migrations';
import { SecretCipher } from '../signing/secret-cipher';
import { testEvent } from '../spec-support/test-event';
import type { WebhooksOptions } from '../webhooks.tokens';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryStore, type ClaimedDelivery, type RecordedAttempts } from './delivery-store';
import { RetryPolicy } from './retry-policy';

const OPTIONS: WebhooksOptions = {
  secretKey: randomBytes(32),
  timeoutMs: 1_000,
  retryScheduleMs: [0, 60_000, 60_000],
  disableAfterMs: 3_600_000,
  secretRotationGraceMs: 60_000,
  allowPrivateNetworks: true,
  concurrency: 8,
  endpointConcurrency: 2,
  pollIntervalMs: 1_000,
};

interface Database {
  dataSource: DataSource;
  close(): Promise<void>;
}

async function onPostgres(): Promise<Database> {
  const url = await testDatabase('webhooks_store');
  const dataSource = await createDataSource({
    schema: 'webhooks',
    entities: WEBHOOKS_ENTITIES,
    migrations: WEBHOOKS_MIGRATIONS,
    connection: { kind: 'postgres', url, poolSize: 4 },
  });
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await dropTestDatabase(url);
    },
  };
}

async function onEmbedded(): Promise<Database> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-webhooks-store-'));
  const database = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'pgdata') });
  const dataSource = await createDataSource({
    schema: 'webhooks',
    entities: WEBHOOKS_ENTITIES,
    migrations: WEBHOOKS_MIGRATIONS,
    connection: { kind: 'embedded', database },
  });
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const ok: WebhookAttemptResult = {
  succeeded: true,
  aborted: false,
  httpStatus: 204,
  durationMs: 3,
  responseBody: null,
  error: null,
};
const failed = (httpStatus: number | null): WebhookAttemptResult => ({
  succeeded: false,
  aborted: false,
  httpStatus,
  durationMs: 3,
  responseBody: 'nope',
  error: httpStatus === null ? 'connection refused' : null,
});

describe.each([
  ['Postgres', onPostgres],
  ['embedded Postgres', onEmbedded],
])(`${DeliveryStore.name} (%s)`, (_name, open) => {
  let database: Database;
  let store: DeliveryStore;
  let ingest: EventIngestService;
  let endpoints: WebhookEndpointsService;
  let deliveries: WebhookDeliveriesService;
  let http: WebhookHttpClient;

  beforeAll(async () => {
    database = await open();
    const policy = new RetryPolicy(OPTIONS.retryScheduleMs, () => 0.5);
    const cipher = new SecretCipher(OPTIONS.secretKey);
    http = new WebhookHttpClient({ timeoutMs: 1_000, allowPrivateNetworks: true, maxSockets: 1 });
    store = new DeliveryStore(database.dataSource, OPTIONS, policy);
    ingest = new EventIngestService(database.dataSource, policy);
    // never started: the services only wake it
    const dispatcher = new DeliveryDispatcher(store, http, cipher, OPTIONS);
    endpoints = new WebhookEndpointsService(database.dataSource, OPTIONS, cipher, dispatcher);
    deliveries = new WebhookDeliveriesService(database.dataSource, store, dispatcher);
  }, 120_000);

  beforeEach(async () => {
    // each test starts without other tests' endpoints (and their deliveries) competing for claims
    await database.dataSource.query('DELETE FROM webhooks.endpoints');
  });

  afterAll(async () => {
    http?.close();
    await database?.close();
  }, 60_000);

  const event = testEvent;

  async function endpointFor(organizationId: string | undefined, eventTypes?: string[]): Promise<string> {
    const created = await endpoints.create({
      url: 'http://127.0.0.1:9/hook',
      ...(organizationId === undefined ? {} : { organizationId }),
      ...(eventTypes === undefined ? {} : { eventTypes }),
    });
    return created.id;
  }

  /** Claims what is claimable and keeps this endpoint's deliveries; the others' are given back. */
  async function claimOf(endpointId: string, owner: string, limit = 10): Promise<ClaimedDelivery[]> {
    const claimed = await store.claim(owner, limit);
    await releaseAll(
      owner,
      claimed.filter((delivery) => delivery.endpointId !== endpointId),
    );
    return claimed.filter((delivery) => delivery.endpointId === endpointId);
  }

  /** Records one attempt, asking for a window of `window` next deliveries. */
  function record(
    delivery: ClaimedDelivery,
    owner: string,
    result: WebhookAttemptResult,
    window = 0,
  ): Promise<RecordedAttempts> {
    return store.recordAttempts(owner, [{ delivery, result, attemptedAt: new Date() }], { window });
  }

  async function releaseAll(owner: string, claimed: ClaimedDelivery[]): Promise<void> {
    await store.release(
      owner,
      claimed.map((delivery) => delivery.id),
    );
  }

  it('matches endpoints by organization and by exact or wildcard event types, once per event', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const everything = await endpointFor(organizationId);
    const users = await endpointFor(organizationId, ['directory.user.*']);
    const groupCreated = await endpointFor(organizationId, [EventTypes.groupCreated]);
    const star = await endpointFor(organizationId, ['*']);
    await endpointFor(randomUUID());
    const disabled = await endpointFor(organizationId);
    await endpoints.update(disabled, { enabled: false });

    const userEvent = event(organizationId, directoryId, 1, EventTypes.userCreated);
    const groupEvent = event(organizationId, directoryId, 2, EventTypes.groupCreated);
    const memberEvent = event(organizationId, directoryId, 3, EventTypes.groupUserAdded);
    expect(await ingest.ingest(userEvent)).toBe(3);
    expect(await ingest.ingest(groupEvent)).toBe(3);
    expect(await ingest.ingest(memberEvent)).toBe(2);
    expect(await ingest.ingest(userEvent)).toBe(0);

    const rows = await database.dataSource.query<Array<{ endpoint_id: string; event_id: string }>>(
      'SELECT endpoint_id, event_id FROM webhooks.deliveries WHERE directory_id = $1',
      [directoryId],
    );
    const targets = (eventId: string) =>
      rows
        .filter((row) => row.event_id === eventId)
        .map((row) => row.endpoint_id)
        .sort();
    expect(targets(userEvent.id)).toEqual([everything, users, star].sort());
    expect(targets(groupEvent.id)).toEqual([everything, groupCreated, star].sort());
    expect(targets(memberEvent.id)).toEqual([everything, star].sort());
  });

  it('stores nothing for an event no endpoint wants', async () => {
    const unwanted = event(randomUUID(), randomUUID(), 1);
    const organizationId = randomUUID();
    await endpointFor(organizationId, [EventTypes.groupDeleted]);
    expect(await ingest.ingest({ ...unwanted, organizationId })).toBe(0);
    const stored = await database.dataSource.query('SELECT id FROM webhooks.events WHERE id = $1', [
      unwanted.id,
    ]);
    expect(stored).toEqual([]);
  });

  it('tells how long until the next delivery of any endpoint falls due, and nothing when none is scheduled', async () => {
    expect(await store.msUntilNextDue()).toBeUndefined();
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const [early, late] = [await endpointFor(organizationId), await endpointFor(organizationId)];
    await ingest.ingest(event(organizationId, directoryId, 1));
    // due at once (the schedule's first delay is 0): nothing to wait for
    expect(await store.msUntilNextDue()).toBeUndefined();

    // one finished, the other retried in 40 s
    const [sent] = await claimOf(early, 'instance-a');
    await record(sent!, 'instance-a', ok);
    const dueIn = (endpointId: string, seconds: number) =>
      database.dataSource.query(
        `UPDATE webhooks.deliveries SET next_attempt_at = now() + make_interval(secs => $2)
         WHERE endpoint_id = $1 AND status = 'pending'`,
        [endpointId, seconds],
      );
    await dueIn(late, 40);
    expect(await store.msUntilNextDue()).toBeGreaterThan(35_000);
    expect(await store.msUntilNextDue()).toBeLessThanOrEqual(40_000);

    // the earliest of every endpoint's
    await ingest.ingest(event(organizationId, directoryId, 2));
    await dueIn(early, 20);
    expect(await store.msUntilNextDue()).toBeGreaterThan(15_000);
    expect(await store.msUntilNextDue()).toBeLessThanOrEqual(20_000);
  });

  it('hands out one delivery per stream at a time, in sequence order, to one instance only', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    for (const sequence of [1, 2, 3]) await ingest.ingest(event(organizationId, directoryId, sequence));

    const [first, ...rest] = await claimOf(endpointId, 'instance-a');
    expect(rest).toEqual([]);
    expect(first?.event.sequence).toBe(1);
    expect(await claimOf(endpointId, 'instance-b')).toEqual([]);

    expect(await record(first!, 'instance-a', failed(500))).toEqual({
      status: 'failed',
      disabledReason: undefined,
      next: [],
    });
    // failed, retrying in a minute: the stream waits for it
    expect(await claimOf(endpointId, 'instance-b')).toEqual([]);
    await database.dataSource.query('UPDATE webhooks.deliveries SET next_attempt_at = now() WHERE id = $1', [
      first!.id,
    ]);
    const [again] = await claimOf(endpointId, 'instance-b');
    expect(again).toMatchObject({ id: first!.id, attempts: 1 });

    await record(again!, 'instance-b', ok);
    const [second] = await claimOf(endpointId, 'instance-a');
    expect(second?.event.sequence).toBe(2);
    await record(second!, 'instance-a', ok);
    expect((await claimOf(endpointId, 'instance-a')).map((delivery) => delivery.event.sequence)).toEqual([3]);
  });

  it('hands the next delivery of a stream to the instance that just delivered the one before, when asked to', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    for (const sequence of [1, 2, 3, 4]) await ingest.ingest(event(organizationId, directoryId, sequence));

    const [first] = await claimOf(endpointId, 'instance-a');
    const afterFirst = await record(first!, 'instance-a', ok, 1);
    expect(afterFirst).toMatchObject({
      status: 'succeeded',
      next: [{ endpointId, directoryId, attempts: 0 }],
    });
    const second = afterFirst.next[0]!;
    expect(second.event.sequence).toBe(2);
    expect(second.url).toBe('http://127.0.0.1:9/hook');
    expect(second.secretEncrypted).toBe(first!.secretEncrypted);
    // leased to instance-a: nobody else may claim the stream meanwhile
    expect(await claimOf(endpointId, 'instance-b')).toEqual([]);

    // a failure hands nothing over; the retry comes through a claim
    expect((await record(second, 'instance-a', failed(500), 1)).next).toEqual([]);
    await database.dataSource.query('UPDATE webhooks.deliveries SET next_attempt_at = now() WHERE id = $1', [
      second.id,
    ]);
    const [retried] = await claimOf(endpointId, 'instance-b');
    expect(retried?.id).toBe(second.id);
    // not asked to chain (the dispatcher is stopping): the next one is only made due, for any instance to claim
    expect((await record(retried!, 'instance-b', ok)).next).toEqual([]);
    const [third] = await claimOf(endpointId, 'instance-a');
    expect(third?.event.sequence).toBe(3);
    // a disabled endpoint gets nothing more handed over
    await endpoints.update(endpointId, { enabled: false });
    expect((await record(third!, 'instance-a', ok, 1)).next).toEqual([]);
  });

  it('leases a window of a stream, records the window in one go and hands over the next', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    for (const sequence of [1, 2, 3, 4, 5]) await ingest.ingest(event(organizationId, directoryId, sequence));

    const [first] = await claimOf(endpointId, 'instance-a');
    const window = (await record(first!, 'instance-a', ok, 3)).next;
    expect(window.map((delivery) => delivery.event.sequence)).toEqual([2, 3, 4]);
    // the whole window is leased to instance-a: nobody else takes the stream, nor its later deliveries
    expect(await claimOf(endpointId, 'instance-b')).toEqual([]);

    const sent = window.map((delivery) => ({ delivery, result: ok, attemptedAt: new Date() }));
    const recorded = await store.recordAttempts('instance-a', sent, { window: 3 });
    expect(recorded).toMatchObject({ status: 'succeeded', disabledReason: undefined });
    expect(recorded.next.map((delivery) => delivery.event.sequence)).toEqual([5]);
    expect(recorded.next[0]).toMatchObject({ url: 'http://127.0.0.1:9/hook', attempts: 0 });
    const states = await database.dataSource.query<
      Array<{ sequence: string; status: string; attempts: number }>
    >(
      `SELECT d.sequence, d.status, (SELECT count(*)::int FROM webhooks.delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
       FROM webhooks.deliveries d WHERE d.endpoint_id = $1 ORDER BY d.sequence`,
      [endpointId],
    );
    expect(states).toEqual([
      { sequence: '1', status: 'succeeded', attempts: 1 },
      { sequence: '2', status: 'succeeded', attempts: 1 },
      { sequence: '3', status: 'succeeded', attempts: 1 },
      { sequence: '4', status: 'succeeded', attempts: 1 },
      { sequence: '5', status: 'pending', attempts: 0 },
    ]);
    expect((await record(recorded.next[0]!, 'instance-a', ok, 3)).next).toEqual([]);
  });

  it('renews the window still held when recording part of it, and stops a window at a failure', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    for (const sequence of [1, 2, 3, 4, 5]) await ingest.ingest(event(organizationId, directoryId, sequence));
    const [first] = await claimOf(endpointId, 'instance-a');
    const window = (await record(first!, 'instance-a', ok, 4)).next;
    expect(window.map((delivery) => delivery.event.sequence)).toEqual([2, 3, 4, 5]);

    // part of the window recorded (time-bound): the rest comes back first, still ours, leases renewed
    await database.dataSource.query(
      "UPDATE webhooks.deliveries SET locked_until = now() + interval '1 second' WHERE endpoint_id = $1 AND locked_by = 'instance-a' AND status = 'pending'",
      [endpointId],
    );
    const renewed = (await record(window[0]!, 'instance-a', ok, 4)).next;
    expect(renewed.map((delivery) => delivery.event.sequence)).toEqual([3, 4, 5]);
    const [{ min_lease_s: minLeaseSeconds }] = await database.dataSource.query<
      Array<{ min_lease_s: number }>
    >(
      `SELECT EXTRACT(EPOCH FROM min(locked_until) - now())::float8 AS min_lease_s FROM webhooks.deliveries
       WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpointId],
    );
    expect(minLeaseSeconds).toBeGreaterThan(30);

    // 3 delivered, 4 failed: both recorded in one go, 4 waits for its retry, nothing is handed over
    const [third, fourth, fifth] = renewed;
    const outcome = await store.recordAttempts(
      'instance-a',
      [
        { delivery: third!, result: ok, attemptedAt: new Date() },
        { delivery: fourth!, result: failed(500), attemptedAt: new Date() },
      ],
      { window: 4 },
    );
    expect(outcome).toEqual({ status: 'failed', disabledReason: undefined, next: [] });
    await store.release('instance-a', [fifth!.id]);
    const states = await database.dataSource.query<
      Array<{ sequence: string; status: string; retry_later: boolean; leased: boolean }>
    >(
      `SELECT sequence, status, next_attempt_at > now() IS TRUE AS retry_later, locked_until >= now() IS TRUE AS leased
       FROM webhooks.deliveries WHERE endpoint_id = $1 ORDER BY sequence`,
      [endpointId],
    );
    expect(
      states.map(({ sequence, status, retry_later, leased }) => [sequence, status, retry_later, leased]),
    ).toEqual([
      ['1', 'succeeded', false, false],
      ['2', 'succeeded', false, false],
      ['3', 'succeeded', false, false],
      ['4', 'failed', true, false],
      ['5', 'pending', false, false],
    ]);
    // the stream waits for 4's retry: 5 is not handed to anyone before it
    expect(await claimOf(endpointId, 'instance-b')).toEqual([]);
    await database.dataSource.query('UPDATE webhooks.deliveries SET next_attempt_at = now() WHERE id = $1', [
      fourth!.id,
    ]);
    expect((await claimOf(endpointId, 'instance-b')).map((delivery) => delivery.id)).toEqual([fourth!.id]);
  });

  it('counts a stream holding a window as one slot of its endpoint', async () => {
    const organizationId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    const [busy, other, third] = [randomUUID(), randomUUID(), randomUUID()];
    for (const sequence of [1, 2, 3, 4]) await ingest.ingest(event(organizationId, busy, sequence));
    for (const directoryId of [other, third]) await ingest.ingest(event(organizationId, directoryId, 1));

    // the busy stream's head fell due first
    const [head, ...none] = await claimOf(endpointId, 'instance-a', 1);
    expect(none).toEqual([]);
    expect(head?.directoryId).toBe(busy);
    const window = (await record(head!, 'instance-a', ok, 3)).next;
    expect(window).toHaveLength(3);
    // endpointConcurrency is 2: the stream holding three leases takes one slot, the other is free for one stream
    const byB = await claimOf(endpointId, 'instance-b');
    expect(byB).toHaveLength(1);
    expect([other, third]).toContain(byB[0]?.directoryId);
    await releaseAll('instance-a', window);
    await releaseAll('instance-b', byB);
  });

  it('keeps an endpoint to its concurrency limit across instances, and never lets its backlog hide other endpoints', async () => {
    const organizationId = randomUUID();
    const busy = await endpointFor(organizationId);
    // more due heads than one claim scans (100), all for the busy endpoint, created first
    for (let index = 0; index < 120; index += 1) await ingest.ingest(event(organizationId, randomUUID(), 1));
    const quietOrganization = randomUUID();
    const quiet = await endpointFor(quietOrganization);
    await ingest.ingest(event(quietOrganization, randomUUID(), 1));

    const claimedByA = await store.claim('instance-a', 8);
    expect(claimedByA.filter((delivery) => delivery.endpointId === busy)).toHaveLength(
      OPTIONS.endpointConcurrency,
    );
    expect(claimedByA.filter((delivery) => delivery.endpointId === quiet)).toHaveLength(1);
    expect(await claimOf(busy, 'instance-b')).toEqual([]);

    const [done] = claimedByA.filter((delivery) => delivery.endpointId === busy);
    await record(done!, 'instance-a', ok);
    expect(await claimOf(busy, 'instance-b')).toHaveLength(1);
    await releaseAll('instance-a', claimedByA);
  });

  it('lets another instance take a delivery whose lease ran out, and ignores the late result of the first', async () => {
    const organizationId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    await ingest.ingest(event(organizationId, randomUUID(), 1));
    const [claimed] = await claimOf(endpointId, 'instance-a');
    await database.dataSource.query(
      "UPDATE webhooks.deliveries SET locked_until = now() - interval '1 second' WHERE id = $1",
      [claimed!.id],
    );

    const [taken] = await claimOf(endpointId, 'instance-b');
    expect(taken?.id).toBe(claimed!.id);
    expect(await record(claimed!, 'instance-a', ok)).toEqual({
      status: undefined,
      disabledReason: undefined,
      next: [],
    });
    expect(await record(taken!, 'instance-b', ok)).toMatchObject({
      status: 'succeeded',
    });
    const attempts = await database.dataSource.query(
      'SELECT id FROM webhooks.delivery_attempts WHERE delivery_id = $1',
      [claimed!.id],
    );
    // both HTTP attempts happened: both are in the log
    expect(attempts).toHaveLength(2);
  });

  it('makes a delivery dead after the last scheduled attempt and hands the stream on', async () => {
    const organizationId = randomUUID();
    const directoryId = randomUUID();
    const endpointId = await endpointFor(organizationId);
    await ingest.ingest(event(organizationId, directoryId, 1));
    await ingest.ingest(event(organizationId, directoryId, 2));

    for (let attempt = 1; attempt <= OPTIONS.retryScheduleMs.length; attempt += 1) {
      const [claimed] = await claimOf(endpointId, 'instance-a');
      expect(claimed?.event.sequence).toBe(1);
      const recorded = await record(claimed!, 'instance-a', failed(null));
      expect(recorded.status).toBe(attempt < OPTIONS.retryScheduleMs.length ? 'failed' : 'dead');
      await database.dataSource.query(
        'UPDATE webhooks.deliveries SET next_attempt_at = now() WHERE id = $1 AND status = $2',
        [claimed!.id, 'failed'],
      );
    }
    const [next] = await claimOf(endpointId, 'instance-a');
    expect(next?.event.sequence).toBe(2);
    await record(next!, 'instance-a', ok);

    const replay = await deliveries.replay(endpointId, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(replay.deliveries).toBe(2);
    const sequences: number[] = [];
    for (;;) {
      const [claimed] = await claimOf(endpointId, 'instance-a');
      if (!claimed) break;
      sequences.push(claimed.event.sequence);
      await record(claimed, 'instance-a', ok);
    }
    expect(sequences).toEqual([1, 2]);
  });

  it('disables an endpoint on 410 Gone, and after failing for WEBHOOK_DISABLE_AFTER without a success', async () => {
    const organizationId = randomUUID();
    const gone = await endpointFor(organizationId, [EventTypes.groupCreated]);
    const failing = await endpointFor(organizationId, [EventTypes.groupDeleted]);
    const directoryId = randomUUID();
    await ingest.ingest(event(organizationId, directoryId, 1, EventTypes.groupCreated));
    await ingest.ingest(event(organizationId, directoryId, 2, EventTypes.groupDeleted));

    const [toGone] = await claimOf(gone, 'instance-a');
    expect(await record(toGone!, 'instance-a', failed(410))).toEqual({
      status: 'failed',
      disabledReason: 'The endpoint answered 410 Gone.',
      next: [],
    });
    expect(await endpoints.get(gone)).toMatchObject({
      enabled: false,
      disabledReason: 'The endpoint answered 410 Gone.',
    });

    const [toFailing] = await claimOf(failing, 'instance-a');
    expect((await record(toFailing!, 'instance-a', failed(500))).disabledReason).toBeUndefined();
    const afterFirst = await endpoints.get(failing);
    expect(afterFirst).toMatchObject({ enabled: true, failingSince: expect.any(String) });
    await database.dataSource.query(
      "UPDATE webhooks.endpoints SET failing_since = now() - interval '2 hours' WHERE id = $1",
      [failing],
    );
    await database.dataSource.query('UPDATE webhooks.deliveries SET next_attempt_at = now() WHERE id = $1', [
      toFailing!.id,
    ]);
    const [again] = await claimOf(failing, 'instance-a');
    expect((await record(again!, 'instance-a', failed(500))).disabledReason).toMatch(
      /^Every attempt failed since .* \(longer than WEBHOOK_DISABLE_AFTER\)\.$/,
    );
    expect(await endpoints.get(failing)).toMatchObject({ enabled: false, disabledAt: expect.any(String) });

    // disabled endpoints get no new deliveries and their waiting ones are not claimed
    await ingest.ingest(event(organizationId, directoryId, 3, EventTypes.groupDeleted));
    expect(await claimOf(failing, 'instance-a')).toEqual([]);
    await endpoints.update(failing, { enabled: true });
    expect(await endpoints.get(failing)).toMatchObject({
      enabled: true,
      failingSince: null,
      disabledReason: null,
    });
  });
});
