import { randomUUID } from 'node:crypto';
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { deadLetterTopic } from '@scimflow/contracts';
import type { RetryBackoffOptions } from '../core/retry-backoff';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { MessagingError, MessagingErrorCode } from '../errors/messaging.error';
import { PermanentMessageError } from '../errors/permanent-message.error';
import { RequestFailedError } from '../errors/request-failed.error';
import { RequestTimeoutError } from '../errors/request-timeout.error';
import { BusHeaders, type IncomingMessage, type MessageBus, type SubscriptionHandle } from '../message-bus';
import { BusBatchContext } from '../nest/bus-batch-context';
import { BusContext } from '../nest/bus-context';
import { BusServer } from '../nest/bus-server';
import { ConsumerGroup } from '../nest/consumer-group.decorator';
import { EventBatchPattern } from '../nest/batch-pattern.decorators';
import { MESSAGE_BUS } from '../nest/messaging.constants';
import { MessagingModule } from '../nest/messaging.module';
import type { MessagingModuleOptions } from '../nest/messaging-module.options';
import { BusRequester } from '../request/bus-requester';
import { eventually } from './eventually';
import { Gate } from './gate';
import { RecordingLogger } from './recording-logger';

/** What the contract needs from an adapter. */
export interface BusContractHarness {
  /** Partitions of the topics the contract creates. */
  partitions: number;
  /** Kafka keeps messages: a group that subscribes after a publish still gets them. */
  retainsMessages: boolean;
  /** A new bus (an "instance"), with the harness' quick retries unless `retry` says otherwise. */
  createBus(logger: RecordingLogger, retry?: RetryBackoffOptions): MessageBus;
  /** Another instance of the same service: a new client on Kafka, the same bus in process. */
  anotherInstance(bus: MessageBus, logger: RecordingLogger): MessageBus;
  /** MessagingModule options of the same mode. */
  moduleOptions(): Omit<MessagingModuleOptions, 'clientId'>;
}

const unique = (prefix: string): string => `${prefix}.${randomUUID().slice(0, 8)}`;

interface Recorded {
  key: string;
  value: unknown;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

const record = (message: IncomingMessage): Recorded => ({
  key: message.key,
  value: message.value,
  partition: message.partition,
  offset: message.offset,
  headers: message.headers,
});

/** Waits for a gate, but never longer than `ms`: a handler must not hang a spec when a claim fails. */
const atMost = (gate: Gate, ms: number): Promise<void> =>
  Promise.race([gate.opened, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * The semantics every MessageBus adapter must have, as one describe body: call it inside the
 * adapter's `describe`.
 */
export function messageBusContract(harness: BusContractHarness): void {
  let logger: RecordingLogger;
  let bus: MessageBus;
  let extraBuses: MessageBus[];
  let handles: SubscriptionHandle[];

  const subscribe = async (
    target: MessageBus,
    ...args: Parameters<MessageBus['subscribe']>
  ): Promise<SubscriptionHandle> => {
    const handle = await target.subscribe(...args);
    handles.push(handle);
    return handle;
  };

  const newTopics = async (...prefixes: string[]): Promise<string[]> => {
    const names = prefixes.map((prefix) => unique(`contract.${prefix}`));
    await bus.ensureTopics(names.map((name) => ({ name, partitions: harness.partitions })));
    return names;
  };

  beforeEach(() => {
    logger = new RecordingLogger();
    bus = harness.createBus(logger);
    extraBuses = [];
    handles = [];
  });

  afterEach(async () => {
    await Promise.all(handles.map((handle) => handle.stop()));
    await Promise.all([bus, ...extraBuses].map((instance) => instance.close()));
  });

  it('keeps the order of each key and handles one message at a time per partition', async () => {
    const [topic] = await newTopics('order');
    const keys = ['dir-a', 'dir-b', 'dir-c', 'dir-d', 'dir-e', 'dir-f'];
    const seen = new Map<string, number[]>();
    const busy = new Set<number>();
    let overlapped = false;
    await subscribe(bus, {
      group: unique('order'),
      topics: [topic],
      handle: async (message) => {
        if (busy.has(message.partition)) overlapped = true;
        busy.add(message.partition);
        await new Promise((resolve) => setImmediate(resolve));
        const sequence = seen.get(message.key) ?? [];
        sequence.push((message.value as { seq: number }).seq);
        seen.set(message.key, sequence);
        busy.delete(message.partition);
      },
    });

    for (const first of [0, 10]) {
      const batch = Array.from({ length: 10 }, (_, offset) => first + offset).flatMap((seq) =>
        keys.map((key) => ({ topic, key, value: { seq } })),
      );
      await bus.publish(batch);
    }

    const expected = Array.from({ length: 20 }, (_, seq) => seq);
    await eventually(() => {
      for (const key of keys) expect(seen.get(key)).toEqual(expected);
    });
    expect(overlapped).toBe(false);
  });

  it('handles different partitions at the same time', async () => {
    const [topic] = await newTopics('parallel');
    const bothRunning = new Gate();
    const running = new Set<number>();
    let mostAtOnce = 0;
    const messages = Array.from({ length: 8 }, (_, index) => ({ topic, key: `dir-${index}`, value: index }));
    const handle = async (message: IncomingMessage): Promise<void> => {
      running.add(message.partition);
      mostAtOnce = Math.max(mostAtOnce, running.size);
      if (running.size >= 2) bothRunning.open();
      await atMost(bothRunning, 5_000);
      running.delete(message.partition);
    };

    // Kafka fetches what is already there in one go; the in-process bus only delivers to subscribers.
    let published: Promise<void>;
    if (harness.retainsMessages) {
      await bus.publish(messages);
      published = Promise.resolve();
      await subscribe(bus, { group: unique('parallel'), topics: [topic], handle });
    } else {
      await subscribe(bus, { group: unique('parallel'), topics: [topic], handle });
      published = bus.publish(messages);
    }

    await atMost(bothRunning, 15_000);
    await published;
    expect(mostAtOnce).toBeGreaterThanOrEqual(2);
  });

  it('retries a transiently failing message until it succeeds, before the next one of its key', async () => {
    const [topic] = await newTopics('retry');
    const attempts: number[] = [];
    const handled: number[] = [];
    await subscribe(bus, {
      group: unique('retry'),
      topics: [topic],
      handle: async (message) => {
        const { seq } = message.value as { seq: number };
        attempts.push(seq);
        if (seq === 0 && attempts.length < 3) throw new Error('database unavailable');
        handled.push(seq);
      },
    });

    await bus.publish([0, 1].map((seq) => ({ topic, key: 'dir-retry', value: { seq } })));

    await eventually(() => expect(handled).toEqual([0, 1]));
    expect(attempts).toEqual([0, 0, 0, 1]);
  });

  it('dead-letters a permanently failing message with its reason and moves on', async () => {
    const [topic] = await newTopics('poison');
    const deadLetters = deadLetterTopic(topic);
    await bus.ensureTopics([{ name: deadLetters, partitions: harness.partitions }]);
    const group = unique('poison');
    const received: Recorded[] = [];
    const handled: number[] = [];
    await subscribe(bus, {
      group: unique('dead-letter-reader'),
      topics: [deadLetters],
      handle: async (message) => void received.push(record(message)),
    });
    await subscribe(bus, {
      group,
      topics: [topic],
      handle: async (message) => {
        const { seq, version } = message.value as { seq: number; version: number };
        if (version !== 1) throw new PermanentMessageError(`unknown version ${version}`);
        handled.push(seq);
      },
    });

    await bus.publish([
      {
        topic,
        key: 'dir-poison',
        value: { seq: 0, version: 99 },
        headers: { [BusHeaders.correlationId]: 'corr-1' },
      },
      { topic, key: 'dir-poison', value: { seq: 1, version: 1 } },
    ]);

    await eventually(() => {
      expect(handled).toEqual([1]);
      expect(received).toHaveLength(1);
    });
    const [deadLetter] = received;
    expect(deadLetter.key).toBe('dir-poison');
    expect(deadLetter.value).toEqual({ seq: 0, version: 99 });
    expect(deadLetter.headers).toMatchObject({
      [BusHeaders.correlationId]: 'corr-1',
      [BusHeaders.deadLetterReason]: 'unknown version 99',
      [BusHeaders.deadLetterGroup]: group,
    });
    expect(deadLetter.headers[BusHeaders.deadLetterSource]).toMatch(
      new RegExp(`^${topic.replace(/\./g, '\\.')}/\\d+@\\d+$`),
    );
    expect(logger.matching('dead-lettered')).toHaveLength(1);
  });

  /** Subscribes `subscription` and publishes `messages`, in the order that makes a fresh group see them. */
  const deliverToNewGroup = async (
    subscription: Parameters<MessageBus['subscribe']>[0],
    messages: Parameters<MessageBus['publish']>[0],
  ): Promise<void> => {
    // Kafka fetches what is already there in one go; the in-process bus only delivers to subscribers.
    if (harness.retainsMessages) {
      await bus.publish(messages);
      await subscribe(bus, subscription);
    } else {
      await subscribe(bus, subscription);
      await bus.publish(messages);
    }
  };

  describe('batches', () => {
    const valuesOf = (messages: IncomingMessage[]): number[] =>
      messages.map((message) => (message.value as { seq: number }).seq);

    it('hands a batch handler the messages of one partition at a time, in offset order, at most maxBatchSize', async () => {
      const [topic] = await newTopics('batch');
      const keys = ['dir-a', 'dir-b', 'dir-c'];
      const batches: IncomingMessage[][] = [];
      await deliverToNewGroup(
        {
          group: unique('batch'),
          topics: [topic],
          maxBatchSize: 8,
          handle: async () => {
            throw new Error('a batch handler is given batches');
          },
          handleBatch: async (messages) => void batches.push(messages),
        },
        Array.from({ length: 30 }, (_, seq) => keys.map((key) => ({ topic, key, value: { seq } }))).flat(),
      );

      await eventually(() => expect(batches.flat()).toHaveLength(90));
      for (const batch of batches) {
        expect(batch.length).toBeLessThanOrEqual(8);
        expect(new Set(batch.map((message) => message.partition)).size).toBe(1);
        const offsets = batch.map((message) => BigInt(message.offset));
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
      expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
      for (const key of keys) {
        const ofKey = batches.flat().filter((message) => message.key === key);
        expect(valuesOf(ofKey)).toEqual(Array.from({ length: 30 }, (_, seq) => seq));
      }
    });

    it('retries a transiently failing batch whole until it succeeds', async () => {
      const [topic] = await newTopics('batch-retry');
      const attempts: number[][] = [];
      const handled: number[] = [];
      await deliverToNewGroup(
        {
          group: unique('batch-retry'),
          topics: [topic],
          handle: async (message) => void handled.push(...valuesOf([message])),
          handleBatch: async (messages) => {
            attempts.push(valuesOf(messages));
            if (attempts.length < 3) throw new Error('database unavailable');
            handled.push(...valuesOf(messages));
          },
        },
        [0, 1, 2, 3].map((seq) => ({ topic, key: 'dir-retry', value: { seq } })),
      );

      await eventually(() => expect(handled).toEqual([0, 1, 2, 3]));
      // A failed batch is taken again from its first message, and nothing of it was handled in between.
      expect(attempts.slice(0, 3).map((attempt) => attempt[0])).toEqual([0, 0, 0]);
    });

    it('takes a batch that fails permanently one message at a time and dead-letters only the bad one', async () => {
      const [topic] = await newTopics('batch-poison');
      const deadLetters = deadLetterTopic(topic);
      await bus.ensureTopics([{ name: deadLetters, partitions: harness.partitions }]);
      const group = unique('batch-poison');
      const received: Recorded[] = [];
      const handledOneByOne: number[] = [];
      const handledInBatches: number[] = [];
      const check = (message: IncomingMessage): number => {
        const { seq, version } = message.value as { seq: number; version: number };
        if (version !== 1) throw new PermanentMessageError(`unknown version ${version}`);
        return seq;
      };
      await subscribe(bus, {
        group: unique('dead-letter-reader'),
        topics: [deadLetters],
        handle: async (message) => void received.push(record(message)),
      });
      await deliverToNewGroup(
        {
          group,
          topics: [topic],
          handle: async (message) => void handledOneByOne.push(check(message)),
          handleBatch: async (messages) => {
            const seqs = messages.map(check);
            handledInBatches.push(...seqs);
          },
        },
        [0, 1, 2, 3, 4].map((seq) => ({
          topic,
          key: 'dir-poison',
          value: { seq, version: seq === 2 ? 99 : 1 },
        })),
      );

      await eventually(() => {
        expect([...handledInBatches, ...handledOneByOne].sort()).toEqual([0, 1, 3, 4]);
        expect(received).toHaveLength(1);
      });
      expect(received[0].value).toEqual({ seq: 2, version: 99 });
      expect(received[0].headers).toMatchObject({
        [BusHeaders.deadLetterReason]: 'unknown version 99',
        [BusHeaders.deadLetterGroup]: group,
      });
      expect(handledOneByOne).toContain(1);
      expect(logger.matching('dead-lettered')).toHaveLength(1);
    });
  });

  it('gives every message to every group', async () => {
    const [topic] = await newTopics('groups');
    const byGroup: Record<'directory' | 'webhooks', number[]> = { directory: [], webhooks: [] };
    for (const name of ['directory', 'webhooks'] as const) {
      await subscribe(bus, {
        group: unique(name),
        topics: [topic],
        handle: async (message) => void byGroup[name].push(message.value as number),
      });
    }

    await bus.publish(
      Array.from({ length: 10 }, (_, index) => ({ topic, key: `dir-${index % 3}`, value: index })),
    );

    const all = Array.from({ length: 10 }, (_, index) => index);
    await eventually(() => {
      expect([...byGroup.directory].sort((a, b) => a - b)).toEqual(all);
      expect([...byGroup.webhooks].sort((a, b) => a - b)).toEqual(all);
    });
  });

  it('shares the partitions of a group between its instances', async () => {
    const [topic] = await newTopics('shared');
    const group = unique('shared');
    const other = harness.anotherInstance(bus, logger);
    if (other !== bus) extraBuses.push(other);
    const byInstance: Recorded[][] = [[], []];
    await subscribe(bus, {
      group,
      topics: [topic],
      handle: async (message) => void byInstance[0].push(record(message)),
    });
    await subscribe(other, {
      group,
      topics: [topic],
      handle: async (message) => void byInstance[1].push(record(message)),
    });

    await bus.publish(
      Array.from({ length: 40 }, (_, index) => ({ topic, key: `dir-${index % 16}`, value: index })),
    );

    await eventually(() => expect(byInstance[0].length + byInstance[1].length).toBe(40));
    const values = byInstance.flat().map((message) => message.value);
    expect(new Set(values).size).toBe(40);
    expect(byInstance[0].length).toBeGreaterThan(0);
    expect(byInstance[1].length).toBeGreaterThan(0);
    const partitionsOf = (messages: Recorded[]): Set<number> =>
      new Set(messages.map((message) => message.partition));
    const [first, second] = byInstance.map(partitionsOf);
    expect([...first].filter((partition) => second.has(partition))).toEqual([]);
  });

  it('finishes and commits the message in hand when a subscription stops', async () => {
    const [topic] = await newTopics('stop');
    const group = unique('stop');
    const started = new Gate();
    const release = new Gate();
    const firstSeen: unknown[] = [];
    const first = await bus.subscribe({
      group,
      topics: [topic],
      handle: async (message) => {
        firstSeen.push(message.value);
        started.open();
        await release.opened;
      },
    });

    const published = bus.publish([{ topic, key: 'dir-stop', value: 'm1' }]);
    await started.opened;
    const stopping = first.stop();
    release.open();
    await stopping;
    await published;

    const secondSeen: unknown[] = [];
    await subscribe(bus, {
      group,
      topics: [topic],
      handle: async (message) => void secondSeen.push(message.value),
    });
    await bus.publish([{ topic, key: 'dir-stop', value: 'm2' }]);

    await eventually(() => expect(secondSeen).toEqual(['m2']));
    expect(firstSeen).toEqual(['m1']);
  });

  it('stops retrying a failing message when its subscription stops', async () => {
    const [topic] = await newTopics('give-up');
    const slow = harness.createBus(logger, { initialDelayMs: 60_000, maxDelayMs: 60_000 });
    extraBuses.push(slow);
    const failed = new Gate();
    let attempts = 0;
    const subscription = await slow.subscribe({
      group: unique('give-up'),
      topics: [topic],
      handle: async () => {
        attempts += 1;
        failed.open();
        throw new Error('still down');
      },
    });
    const published = slow.publish([{ topic, key: 'dir-1', value: 1 }]).catch((error: unknown) => error);

    await failed.opened;
    const stopping = Date.now();
    await subscription.stop();

    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(attempts).toBe(1);
    // In process, the message had nowhere left to go; on Kafka it stays uncommitted for the next member.
    expect(await published).toEqual(harness.retainsMessages ? undefined : expect.any(BusUnavailableError));
  });

  it.each([
    ['an empty key', { key: '' }],
    ['a value that is not JSON', { value: { size: BigInt(1) } }],
  ])('refuses to publish a message with %s', async (_case, override) => {
    const [topic] = await newTopics('invalid');
    const publishing = bus.publish([{ topic, key: 'dir-1', value: 1, ...override }]);
    await expect(publishing).rejects.toBeInstanceOf(MessagingError);
    await expect(publishing).rejects.toMatchObject({ code: MessagingErrorCode.InvalidMessage });
  });

  describe(BusServer.name, () => {
    let app: INestApplication;
    let topics: { commands: string; events: string; replies: string; silent: string };
    let calls: ReturnType<typeof tinyService>['calls'];
    let requester: BusRequester;
    let appBus: MessageBus;

    beforeEach(async () => {
      topics = {
        commands: unique('contract.commands'),
        events: unique('contract.events'),
        replies: unique('contract.replies'),
        silent: unique('contract.silent'),
      };
      const service = tinyService(topics, {
        ...harness.moduleOptions(),
        clientId: unique('contract'),
        topics: [topics.commands, topics.events, topics.silent],
        requester: { replyTopic: topics.replies },
      });
      calls = service.calls;
      app = await NestFactory.create(service.AppModule, { logger: false });
      app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: true });
      await app.startAllMicroservices();
      await app.init();
      requester = app.get(BusRequester);
      appBus = app.get<MessageBus>(MESSAGE_BUS);
    });

    afterEach(async () => {
      await app.close();
    });

    it('answers a request from a @MessagePattern handler, with the request headers set', async () => {
      const reply = await requester.request(
        topics.commands,
        'dir-1',
        { op: 'create', name: 'ada' },
        { timeoutMs: 10_000 },
      );

      expect(reply).toEqual({ id: 'user-ada', key: 'dir-1' });
      const [call] = calls.commands;
      expect(call.topic).toBe(topics.commands);
      expect(call.key).toBe('dir-1');
      expect(call.headers).toMatchObject({
        [BusHeaders.replyTo]: topics.replies,
        [BusHeaders.replyInstance]: requester.instanceId,
      });
      expect(call.headers[BusHeaders.messageId]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(call.headers[BusHeaders.expiresAt])).toBeGreaterThan(Date.now());
    });

    it('fails a request nobody answers with RequestTimeoutError', async () => {
      await expect(requester.request(topics.silent, 'dir-1', {}, { timeoutMs: 300 })).rejects.toBeInstanceOf(
        RequestTimeoutError,
      );
    });

    it('drops a request that expired before it was handled', async () => {
      await appBus.publish([
        {
          topic: topics.commands,
          key: 'dir-2',
          value: { op: 'create', name: 'late' },
          headers: {
            [BusHeaders.messageId]: randomUUID(),
            [BusHeaders.replyTo]: topics.replies,
            [BusHeaders.replyInstance]: requester.instanceId,
            [BusHeaders.expiresAt]: new Date(Date.now() - 1_000).toISOString(),
          },
        },
      ]);

      // Same key, same partition: once this one is answered, the expired one has been dealt with.
      await expect(
        requester.request(topics.commands, 'dir-2', { op: 'create', name: 'on-time' }, { timeoutMs: 10_000 }),
      ).resolves.toEqual({ id: 'user-on-time', key: 'dir-2' });
      expect(calls.commands.map((call) => (call.value as { name: string }).name)).toEqual(['on-time']);
    });

    it('fails a request at once with RequestFailedError when its handler dead-letters it', async () => {
      const request = requester.request(topics.commands, 'dir-3', { op: 'explode' }, { timeoutMs: 10_000 });

      await expect(request).rejects.toBeInstanceOf(RequestFailedError);
      await expect(request).rejects.toMatchObject({ reason: 'unknown operation explode' });
    });

    it('routes each reply to the instance that asked', async () => {
      const other = new BusRequester(appBus, {
        instanceId: unique('other-instance'),
        replyTopic: topics.replies,
      });
      await other.start();
      try {
        const replies = await Promise.all([
          requester.request(topics.commands, 'dir-4', { op: 'create', name: 'mine' }, { timeoutMs: 10_000 }),
          other.request(topics.commands, 'dir-4', { op: 'create', name: 'theirs' }, { timeoutMs: 10_000 }),
        ]);
        expect(replies).toEqual([
          { id: 'user-mine', key: 'dir-4' },
          { id: 'user-theirs', key: 'dir-4' },
        ]);
      } finally {
        await other.stop();
      }
    });

    it('gives an event to the @EventPattern handler of every consumer group, retrying a failure', async () => {
      await appBus.publish([
        {
          topic: topics.events,
          key: 'dir-5',
          value: { type: 'user.created' },
          headers: { [BusHeaders.correlationId]: 'corr-5' },
        },
      ]);

      await eventually(() => {
        expect(calls.directoryEvents).toHaveLength(1);
        expect(calls.webhookEvents).toEqual([{ type: 'user.created' }]);
      });
      const [event] = calls.directoryEvents;
      expect(event).toMatchObject({ topic: topics.events, key: 'dir-5', value: { type: 'user.created' } });
      expect(event.headers[BusHeaders.correlationId]).toBe('corr-5');
      expect(event.partition).toBeGreaterThanOrEqual(0);
      expect(event.offset).toMatch(/^\d+$/);
      expect(calls.webhookAttempts).toBe(2);
    });

    it('gives an @EventBatchPattern handler the values of several events at once, and one by one after a poison', async () => {
      await appBus.publish(
        [0, 1, 2, 3, 4, 5, 6].map((seq) => ({
          topic: topics.events,
          key: 'dir-6',
          value: { type: seq === 4 ? 'poison' : 'user.created', seq },
        })),
      );

      await eventually(() =>
        expect(calls.eventBatches.flatMap((batch) => batch.values)).toEqual(
          [0, 1, 2, 3, 5, 6].map((seq) => ({ type: 'user.created', seq })),
        ),
      );
      for (const batch of calls.eventBatches) {
        expect(batch.values.length).toBeLessThanOrEqual(3);
        expect(new Set(batch.topics)).toEqual(new Set([topics.events]));
        expect(new Set(batch.partitions).size).toBe(1);
      }
    });
  });
}

/** Two "services" in one Nest app, each its own consumer group, as in the embedded mode. */
function tinyService(topics: { commands: string; events: string }, options: MessagingModuleOptions) {
  const calls = {
    commands: [] as Array<Recorded & { topic: string }>,
    directoryEvents: [] as Array<Recorded & { topic: string }>,
    webhookEvents: [] as unknown[],
    webhookAttempts: 0,
    eventBatches: [] as Array<{ values: unknown[]; topics: string[]; partitions: number[] }>,
  };
  const seen = (value: unknown, context: BusContext): Recorded & { topic: string } => ({
    topic: context.getTopic(),
    key: context.getKey(),
    value,
    partition: context.getPartition(),
    offset: context.getOffset(),
    headers: context.getHeaders(),
  });

  @Controller()
  @ConsumerGroup(unique('directory-service'))
  class DirectoryController {
    @MessagePattern(topics.commands)
    async apply(@Payload() command: { op: string; name?: string }, @Ctx() context: BusContext) {
      if (command.op !== 'create') throw new PermanentMessageError(`unknown operation ${command.op}`);
      calls.commands.push(seen(command, context));
      return { id: `user-${command.name}`, key: context.getKey() };
    }

    @EventPattern(topics.events)
    async onEvent(@Payload() event: unknown, @Ctx() context: BusContext) {
      calls.directoryEvents.push(seen(event, context));
    }
  }

  @Controller()
  @ConsumerGroup(unique('webhook-dispatcher'))
  class WebhooksController {
    @EventPattern(topics.events)
    async onEvent(@Payload() event: unknown) {
      calls.webhookAttempts += 1;
      if (calls.webhookAttempts === 1) throw new Error('endpoint table locked');
      calls.webhookEvents.push(event);
    }
  }

  @Controller()
  @ConsumerGroup(unique('role-mapping'))
  class RoleMappingController {
    @EventBatchPattern(topics.events, { maxBatchSize: 3 })
    async onEvents(@Payload() events: unknown[], @Ctx() context: BusBatchContext) {
      const messages = context.getMessages();
      if (events.some((event) => (event as { type?: string }).type === 'poison'))
        throw new PermanentMessageError('poison in the batch');
      calls.eventBatches.push({
        values: events,
        topics: messages.map((message) => message.topic),
        partitions: messages.map((message) => message.partition),
      });
    }
  }

  @Module({
    imports: [MessagingModule.forRoot(options)],
    controllers: [DirectoryController, WebhooksController, RoleMappingController],
  })
  class AppModule {}

  return { AppModule, calls };
}
