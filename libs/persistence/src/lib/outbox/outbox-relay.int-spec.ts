import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  BusHeaders,
  InProcessMessageBus,
  KafkaMessageBus,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type SubscriptionHandle,
} from '@scimflow/messaging';
import {
  databaseKinds,
  openDatabase,
  type DatabaseKind,
  type OpenedDatabase,
} from '../../spec-support/test-databases';
import { testEntities, testMigrations, Widget } from '../../spec-support/test-schema';
import { createDataSource } from '../data-source/create-data-source';
import { Inbox } from '../inbox/inbox';
import { runInTransaction } from '../transaction/run-in-transaction';
import { Outbox, type OutboxMessageInput } from './outbox';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { insertStatement, updateStatement } from '../statements/row-statements';
import { eventually } from '../../spec-support/eventually';
import { uniqueName } from '../../spec-support/unique-name';

// Starting the embedded server (initdb on an empty directory: a few seconds) and joining Kafka consumer groups
// take a while.
jest.setTimeout(120_000);

const kafkaBrokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');

/** A service with an outbox, relaying to a real Kafka topic of one partition (so one total order). */
class RelayFixture {
  readonly schema = uniqueName('outbox', '_');
  readonly topic = uniqueName('persistence-outbox');
  readonly received: IncomingMessage[] = [];
  database!: OpenedDatabase;
  dataSource!: DataSource;
  bus!: KafkaMessageBus;
  private readonly relays: OutboxRelay[] = [];
  private readonly handles: SubscriptionHandle[] = [];
  private readonly otherDataSources: DataSource[] = [];

  constructor(private readonly kind: DatabaseKind) {}

  async open(): Promise<void> {
    this.database = await openDatabase(this.kind);
    this.dataSource = await this.createDataSource();
    this.bus = new KafkaMessageBus({ brokers: kafkaBrokers, clientId: uniqueName('persistence-spec') });
    await this.bus.ensureTopics([{ name: this.topic, partitions: 1 }]);
    await this.subscribe(uniqueName('reader'), async (message) => {
      this.received.push(message);
    });
  }

  async stopRelays(): Promise<void> {
    await Promise.all(this.relays.splice(0).map((relay) => relay.stop()));
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.stop()));
    await this.bus?.close();
    await Promise.all(this.otherDataSources.map((dataSource) => dataSource.destroy()));
    await this.dataSource?.destroy();
    await this.database?.close();
  }

  /** Another instance of the service: a data source of its own on the same database and schema. */
  async otherInstance(): Promise<DataSource> {
    const other = await this.createDataSource();
    this.otherDataSources.push(other);
    return other;
  }

  startRelay(options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: this.dataSource,
      bus: this.bus,
      pollIntervalMs: 100,
      leaderRetryMs: 100,
      backoffMs: 50,
      ...options,
    });
    this.relays.push(relay);
    relay.start();
    return relay;
  }

  async subscribe(group: string, handle: (message: IncomingMessage) => Promise<void>): Promise<void> {
    this.handles.push(await this.bus.subscribe({ group, topics: [this.topic], handle }));
  }

  message(key: string, value: unknown, headers?: Record<string, string>): OutgoingMessage {
    return { topic: this.topic, key, value, headers };
  }

  enqueue(messages: OutboxMessageInput[], dataSource = this.dataSource): Promise<string[]> {
    return runInTransaction(dataSource, (manager) => Outbox.enqueue(manager, messages));
  }

  valuesFor(...keys: string[]): unknown[] {
    return this.received.filter((message) => keys.includes(message.key)).map((message) => message.value);
  }

  async unpublished(key: string): Promise<number> {
    return this.count(
      `SELECT count(*) FROM ${this.schema}.outbox WHERE key = $1 AND published_at IS NULL`,
      key,
    );
  }

  async rows(key: string): Promise<number> {
    return this.count(`SELECT count(*) FROM ${this.schema}.outbox WHERE key = $1`, key);
  }

  private async count(sql: string, key: string): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(sql, [key]);
    return Number(row?.count);
  }

  private createDataSource(): Promise<DataSource> {
    return createDataSource({
      schema: this.schema,
      entities: testEntities,
      migrations: testMigrations(this.schema),
      connection: this.database.connection,
    });
  }
}

/** A fixture opened before the tests of the enclosing describe, its relays stopped after each. */
function useRelayFixture(kind: DatabaseKind): RelayFixture {
  const fixture = new RelayFixture(kind);
  beforeAll(() => fixture.open());
  afterEach(() => fixture.stopRelays());
  afterAll(() => fixture.close());
  return fixture;
}

describe.each(databaseKinds)(`${OutboxRelay.name} on %s with Kafka`, (kind) => {
  const fixture = useRelayFixture(kind);

  it('publishes committed messages in outbox order, never those of a rolled-back transaction, and marks them', async () => {
    const [first, second]: string[] = [randomUUID(), randomUUID()];
    await fixture.enqueue([fixture.message(first, { n: 1 }), fixture.message(second, { n: 2 })]);
    const rolledBack = runInTransaction(fixture.dataSource, async (manager) => {
      await Outbox.enqueue(manager, [fixture.message(first, { n: 'rolled back' })]);
      throw new Error('abort');
    });
    await expect(rolledBack).rejects.toThrow('abort');
    await fixture.enqueue([fixture.message(second, { n: 3 })]);
    await fixture.enqueue([
      fixture.message(first, { n: 4 }, { [BusHeaders.messageId]: 'given-by-producer' }),
    ]);

    fixture.startRelay();

    await eventually(() =>
      expect(fixture.valuesFor(first, second)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]),
    );
    const messageIds = fixture.received
      .filter((message) => [first, second].includes(message.key))
      .map((message) => message.headers[BusHeaders.messageId]);
    expect(messageIds[3]).toBe('given-by-producer');
    expect(new Set(messageIds).size).toBe(4);
    await eventually(async () => expect(await fixture.unpublished(first)).toBe(0));
    await expect(fixture.rows(first)).resolves.toBe(2);
  });

  it('wakes up as soon as a transaction writing to the outbox commits, without waiting for the poll', async () => {
    const key = randomUUID();
    await fixture.enqueue([fixture.message(key, 'before the relay started')]);
    fixture.startRelay({ pollIntervalMs: 120_000 });
    // relayed and marked by the first round: the relay now sleeps until woken
    await eventually(async () => expect(await fixture.unpublished(key)).toBe(0));

    await fixture.enqueue([fixture.message(key, 'after')]);

    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['before the relay started', 'after']));
  });

  it('publishes a commit made while idle at once, and a stream of commits in a few batches', async () => {
    const key = randomUUID();
    const batches: number[] = [];
    const publish = fixture.bus.publish.bind(fixture.bus);
    jest.spyOn(fixture.bus, 'publish').mockImplementation((messages) => {
      if (messages.some((message) => message.key === key)) batches.push(messages.length);
      return publish(messages);
    });
    // a long poll: only a commit wakes the relay; a long linger at any rate: a stream of commits gathers
    fixture.startRelay({ pollIntervalMs: 120_000, lingerMs: 1_500, lingerAboveRate: 0 });
    await fixture.enqueue([fixture.message(key, 'alone')]);
    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['alone']));
    expect(batches).toEqual([1]);

    // committed one by one while the relay lingers after 'alone': they gather (one by one would be 20 rounds)
    const stream = Array.from({ length: 20 }, (_, index) => `stream ${index}`);
    for (const value of stream) await fixture.enqueue([fixture.message(key, value)]);

    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['alone', ...stream]));
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(21);
    jest.restoreAllMocks();
  });

  it('does not linger while messages come slower than lingerAboveRate', async () => {
    const key = randomUUID();
    // a linger far beyond the deadline of eventually(): each message below arrives only because none is taken
    fixture.startRelay({ pollIntervalMs: 120_000, lingerMs: 120_000, lingerAboveRate: 5 });
    for (const value of ['one', 'two', 'three']) {
      await fixture.enqueue([fixture.message(key, value)]);
      await eventually(() => expect(fixture.valuesFor(key)).toContain(value));
    }
    expect(fixture.valuesFor(key)).toEqual(['one', 'two', 'three']);
  });

  it('publishes again after a crash between publish and mark, and an inbox-guarded consumer applies it once', async () => {
    const directoryId = randomUUID();
    const deliveries: string[] = [];
    await fixture.subscribe(uniqueName('applier'), async (message) => {
      if (message.key !== directoryId) return;
      const messageId = message.headers[BusHeaders.messageId] ?? '';
      deliveries.push(messageId);
      await runInTransaction(fixture.dataSource, async (manager) => {
        if (!(await Inbox.claim(manager, 'applier', messageId))) return;
        await manager.insert(Widget, { id: randomUUID(), directoryId, displayName: String(message.value) });
      });
    });
    let crashed = false;
    const crashingBus: MessageBus = {
      ensureTopics: (topics) => fixture.bus.ensureTopics(topics),
      subscribe: (subscription) => fixture.bus.subscribe(subscription),
      isHealthy: () => fixture.bus.isHealthy(),
      close: async () => undefined,
      publish: async (messages) => {
        if (crashed) throw new Error('the process is gone');
        await fixture.bus.publish(messages);
        crashed = true;
        throw new Error('crashed after publishing, before marking');
      },
    };
    const [messageId] = await fixture.enqueue([fixture.message(directoryId, 'applied once')]);

    const crashing = fixture.startRelay({ bus: crashingBus });
    await eventually(() => expect(deliveries).toEqual([messageId]));
    await crashing.stop();
    await expect(fixture.unpublished(directoryId)).resolves.toBe(1);

    fixture.startRelay();

    await eventually(() => expect(deliveries).toEqual([messageId, messageId]));
    await eventually(async () => expect(await fixture.unpublished(directoryId)).toBe(0));
    await expect(fixture.dataSource.getRepository(Widget).countBy({ directoryId })).resolves.toBe(1);
  });

  it('lets one relay of a schema relay at a time, and another take over when it stops', async () => {
    const other = await fixture.otherInstance();
    const relays = [fixture.startRelay(), fixture.startRelay({ dataSource: other })];
    const leader = await eventually(() => {
      const leaders = relays.filter((relay) => relay.isLeader);
      expect(leaders).toHaveLength(1);
      return leaders[0] as OutboxRelay;
    });
    const follower = relays.find((relay) => relay !== leader) as OutboxRelay;
    const key = randomUUID();
    await fixture.enqueue([fixture.message(key, 'first')]);
    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['first']));

    await leader.stop();

    await eventually(() => expect(follower.isLeader).toBe(true));
    await fixture.enqueue([fixture.message(key, 'second')], other);
    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['first', 'second']));
  });

  it('deletes published messages once their retention has passed', async () => {
    const key = randomUUID();
    await fixture.enqueue([fixture.message(key, 'short-lived')]);

    fixture.startRelay({ retentionMs: 0, cleanupIntervalMs: 0 });

    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['short-lived']));
    await eventually(async () => expect(await fixture.rows(key)).toBe(0));
  });

  it('writes the statements given alongside in the same transaction, their parameters renumbered', async () => {
    const key = randomUUID();
    const widget = (id: string, name: string) => ({
      sql: `INSERT INTO ${fixture.schema}.widgets (id, directory_id, display_name) VALUES ($1, $2, $3)`,
      parameters: [id, key, name],
    });
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await runInTransaction(fixture.dataSource, (manager) =>
      Outbox.enqueue(manager, [fixture.message(key, 'with widgets')], {
        alongside: [widget(a, 'first'), widget(b, 'second')],
      }),
    );
    await runInTransaction(fixture.dataSource, (manager) =>
      Outbox.enqueue(manager, [], { alongside: [widget(c, 'without messages'), widget(d, 'also')] }),
    );
    const rolledBack = runInTransaction(fixture.dataSource, async (manager) => {
      await Outbox.enqueue(manager, [fixture.message(key, 'rolled back')], {
        alongside: [widget(randomUUID(), 'rolled back')],
      });
      throw new Error('abort');
    });
    await expect(rolledBack).rejects.toThrow('abort');

    const widgets = await fixture.dataSource.query<Array<{ id: string; display_name: string }>>(
      `SELECT id, display_name FROM ${fixture.schema}.widgets WHERE directory_id = $1 ORDER BY display_name`,
      [key],
    );
    expect(widgets).toEqual([
      { id: d, display_name: 'also' },
      { id: a, display_name: 'first' },
      { id: b, display_name: 'second' },
      { id: c, display_name: 'without messages' },
    ]);
    await expect(fixture.rows(key)).resolves.toBe(1);
  });

  it('writes rows given as insertStatement and updateStatement alongside, values converted by the entity', async () => {
    const key = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    const createdAt = new Date('2026-01-02T03:04:05.678Z');
    await runInTransaction(fixture.dataSource, (manager) =>
      Outbox.enqueue(manager, [fixture.message(key, 'two widgets')], {
        alongside: [
          insertStatement(manager, Widget, [
            { id: a, directoryId: key, displayName: 'first', createdAt },
            { id: b, directoryId: key, displayName: 'second', createdAt },
          ]),
        ],
      }),
    );
    await runInTransaction(fixture.dataSource, (manager) =>
      Outbox.enqueue(manager, [], {
        alongside: [updateStatement(manager, Widget, b, { displayName: 'renamed', directoryId: undefined })],
      }),
    );
    // a unique violation in one statement fails the whole command
    const taken = runInTransaction(fixture.dataSource, (manager) =>
      Outbox.enqueue(manager, [fixture.message(key, 'never')], {
        alongside: [
          insertStatement(manager, Widget, { id: randomUUID(), directoryId: key, displayName: 'FIRST' }),
        ],
      }),
    );
    await expect(taken).rejects.toMatchObject({ driverError: { code: '23505' } });

    await expect(
      fixture.dataSource
        .getRepository(Widget)
        .find({ where: { directoryId: key }, order: { displayName: 'ASC' } }),
    ).resolves.toEqual([
      { id: a, directoryId: key, displayName: 'first', createdAt },
      { id: b, directoryId: key, displayName: 'renamed', createdAt },
    ]);
    await expect(fixture.rows(key)).resolves.toBe(1);
    const withoutColumn = runInTransaction(fixture.dataSource, async (manager) =>
      updateStatement(manager, Widget, a, { colour: 'red' } as Partial<Widget>),
    );
    await expect(withoutColumn).rejects.toThrow('Widget has no column colour');
  });

  it('publishes a message enqueued by reference with the value its resolver gives, in outbox order', async () => {
    const key = randomUUID();
    const stored = new Map<string, unknown>([
      ['ref-1', { n: 'one, stored elsewhere' }],
      ['ref-2', { n: 'two, stored elsewhere' }],
    ]);
    const asked: string[][] = [];
    await fixture.enqueue([
      { topic: fixture.topic, key, payloadRef: 'ref-1' },
      fixture.message(key, { n: 'inline' }),
      { topic: fixture.topic, key, payloadRef: 'ref-2', headers: { kind: 'referenced' } },
      { topic: fixture.topic, key, payloadRef: 'ref-1' },
    ]);
    const [row] = await fixture.dataSource.query<Array<{ payload: unknown; payload_ref: string }>>(
      `SELECT payload, payload_ref FROM ${fixture.schema}.outbox WHERE key = $1 ORDER BY position LIMIT 1`,
      [key],
    );
    expect(row).toEqual({ payload: null, payload_ref: 'ref-1' });

    fixture.startRelay({
      resolvePayloads: async (_dataSource, references) => {
        asked.push([...references]);
        return new Map(references.map((reference) => [reference, stored.get(reference)]));
      },
    });

    await eventually(() =>
      expect(fixture.valuesFor(key)).toEqual([
        { n: 'one, stored elsewhere' },
        { n: 'inline' },
        { n: 'two, stored elsewhere' },
        { n: 'one, stored elsewhere' },
      ]),
    );
    expect(asked).toEqual([['ref-1', 'ref-2']]);
    expect(fixture.received.filter((message) => message.key === key)[2]!.headers['kind']).toBe('referenced');
  });

  it('publishes nothing of a batch while a reference cannot be resolved, and all of it once it can', async () => {
    const key = randomUUID();
    await fixture.enqueue([
      fixture.message(key, { n: 1 }),
      { topic: fixture.topic, key, payloadRef: 'late' },
    ]);
    let available = false;
    fixture.startRelay({
      resolvePayloads: async (_dataSource, references) =>
        new Map(available ? references.map((reference) => [reference, { n: 2 }]) : []),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fixture.valuesFor(key)).toEqual([]);
    await expect(fixture.unpublished(key)).resolves.toBe(2);

    available = true;
    await eventually(() => expect(fixture.valuesFor(key)).toEqual([{ n: 1 }, { n: 2 }]));
    await eventually(async () => expect(await fixture.unpublished(key)).toBe(0));
  });

  it('does not publish a message by reference when the relay has no resolver', async () => {
    const key = randomUUID();
    await fixture.enqueue([{ topic: fixture.topic, key, payloadRef: 'nowhere' }]);
    fixture.startRelay();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fixture.valuesFor(key)).toEqual([]);
    await expect(fixture.unpublished(key)).resolves.toBe(1);
    // leave the outbox as the next tests expect it: the message published
    await fixture.stopRelays();
    fixture.startRelay({ resolvePayloads: async () => new Map([['nowhere', null]]) });
    await eventually(async () => expect(await fixture.unpublished(key)).toBe(0));
  });

  it('refuses a message by reference with an empty reference', async () => {
    await expect(
      fixture.enqueue([{ topic: fixture.topic, key: randomUUID(), payloadRef: '' }]),
    ).rejects.toThrow('payloadRef');
  });

  it('refuses a message without a key, which no partition could take', async () => {
    const enqueued = fixture.enqueue([fixture.message('', 'keyless')]);
    await expect(enqueued).rejects.toThrow(/non-empty key/);
  });

  it('refuses to write to the outbox outside a transaction', async () => {
    await expect(
      Outbox.enqueue(fixture.dataSource.manager, [fixture.message(randomUUID(), 'x')]),
    ).rejects.toThrow(/inside a transaction/);
  });
});

describe(`${OutboxRelay.name} on postgres, across instances`, () => {
  const fixture = useRelayFixture('postgres');

  it("wakes up on another instance's commit (LISTEN/NOTIFY), without waiting for the poll", async () => {
    const other = await fixture.otherInstance();
    const key = randomUUID();
    await fixture.enqueue([fixture.message(key, 'before')]);
    fixture.startRelay({ pollIntervalMs: 120_000 });
    await eventually(async () => expect(await fixture.unpublished(key)).toBe(0));

    await fixture.enqueue([fixture.message(key, 'from the other instance')], other);

    await eventually(() => expect(fixture.valuesFor(key)).toEqual(['before', 'from the other instance']));
  });
});

describe(`${OutboxRelay.name} on embedded with the in-process bus`, () => {
  let database: OpenedDatabase;
  let dataSource: DataSource;
  let bus: InProcessMessageBus;
  let relay: OutboxRelay | undefined;
  const schema = uniqueName('outbox', '_');
  const topic = uniqueName('persistence-outbox');

  beforeAll(async () => {
    database = await openDatabase('embedded');
    dataSource = await createDataSource({
      schema,
      entities: testEntities,
      migrations: testMigrations(schema),
      connection: database.connection,
    });
    bus = new InProcessMessageBus({ partitions: 4 });
    await bus.ensureTopics([{ name: topic, partitions: 4 }]);
  });

  afterAll(async () => {
    await relay?.stop();
    await bus?.close();
    await dataSource?.destroy();
    await database?.close();
  });

  it('marks a message published only once consumers writing to the same database have applied it', async () => {
    const directoryIds = Array.from({ length: 4 }, () => randomUUID());
    await bus.subscribe({
      group: 'applier',
      topics: [topic],
      handle: async (message) => {
        await runInTransaction(dataSource, async (manager) => {
          if (!(await Inbox.claim(manager, 'applier', message.headers[BusHeaders.messageId] ?? ''))) return;
          await manager.insert(Widget, {
            id: randomUUID(),
            directoryId: message.key,
            displayName: String(message.value),
          });
        });
      },
    });
    for (let round = 0; round < 5; round += 1) {
      await runInTransaction(dataSource, (manager) =>
        Outbox.enqueue(
          manager,
          directoryIds.map((key) => ({ topic, key, value: `widget ${round}` })),
        ),
      );
    }

    relay = new OutboxRelay({ dataSource, bus, pollIntervalMs: 100 });
    relay.start();

    await eventually(async () => {
      const [row] = await dataSource.query<{ count: string }[]>(
        `SELECT count(*) FROM ${schema}.outbox WHERE published_at IS NULL`,
      );
      expect(row?.count).toBe('0');
    });
    await expect(dataSource.getRepository(Widget).count()).resolves.toBe(20);
  });
});
