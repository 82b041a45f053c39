import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deadLetterTopic } from '@scimflow/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { PermanentMessageError } from '../errors/permanent-message.error';
import { BusHeaders, type SubscriptionHandle } from '../message-bus';
import { eventually } from '../spec-support/eventually';
import { freePort } from '../spec-support/free-port';
import { messageBusContract } from '../spec-support/message-bus.contract';
import { RecordingLogger } from '../spec-support/recording-logger';
import { KafkaMessageBus, type KafkaMessageBusOptions } from './kafka-message-bus';

// Joins, rebalances and a killed member's session take seconds.
jest.setTimeout(120_000);

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const retry = { initialDelayMs: 20, maxDelayMs: 200 };
// A short session so that a killed member's partitions move on within seconds.
const tuning = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 };
const unique = (prefix: string): string => `${prefix}.${randomUUID().slice(0, 8)}`;

const createBus = (logger: RecordingLogger, options: Partial<KafkaMessageBusOptions> = {}): KafkaMessageBus =>
  new KafkaMessageBus({
    brokers,
    clientId: unique('spec'),
    partitions: 4,
    retry,
    logger,
    ...tuning,
    ...options,
  });

describe(KafkaMessageBus.name, () => {
  messageBusContract({
    partitions: 4,
    retainsMessages: true,
    createBus: (logger, backoff = retry) => createBus(logger, { retry: backoff }),
    anotherInstance: (_bus, logger) => createBus(logger),
    moduleOptions: () => ({ mode: 'kafka', brokers, partitions: 4, retry, kafka: tuning }),
  });

  describe('on a real broker', () => {
    let logger: RecordingLogger;
    let bus: KafkaMessageBus;
    let handles: SubscriptionHandle[];
    let child: ChildProcess | undefined;

    beforeEach(() => {
      logger = new RecordingLogger();
      bus = createBus(logger);
      handles = [];
    });

    afterEach(async () => {
      child?.kill('SIGKILL');
      child = undefined;
      await Promise.all(handles.map((handle) => handle.stop()));
      await bus.close();
    });

    it('dead-letters a message whose value is not JSON, unchanged', async () => {
      const topic = unique('kafka.garbage');
      await bus.ensureTopics([topic, deadLetterTopic(topic)].map((name) => ({ name, partitions: 1 })));
      const deadLetters: Array<{ valueError: unknown; headers: Record<string, string> }> = [];
      const handled: unknown[] = [];
      handles.push(
        await bus.subscribe({
          group: unique('reader'),
          topics: [deadLetterTopic(topic)],
          handle: async (message) => {
            // The dead letter keeps the bytes as they came: read as JSON they are still not JSON.
            let valueError: unknown;
            try {
              void message.value;
            } catch (error) {
              valueError = error;
            }
            deadLetters.push({ valueError, headers: message.headers });
          },
        }),
        await bus.subscribe({
          group: unique('worker'),
          topics: [topic],
          handle: async (message) => void handled.push(message.value),
        }),
      );
      const producer = new Kafka({ brokers, clientId: unique('raw'), logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      try {
        await producer.send({
          topic,
          messages: [
            { key: 'dir-1', value: '{"seq": 0, "version": ' },
            { key: 'dir-1', value: JSON.stringify('"{"') },
          ],
        });
      } finally {
        await producer.disconnect();
      }

      await eventually(() => {
        expect(handled).toEqual(['"{"']);
        expect(deadLetters).toHaveLength(1);
      });
      expect(deadLetters[0].valueError).toBeInstanceOf(PermanentMessageError);
      expect(deadLetters[0].headers[BusHeaders.deadLetterReason]).toMatch(/not valid JSON/);
    });

    it('gives a message to the next member of the group when its consumer was killed before committing', async () => {
      const topic = unique('kafka.crash');
      const group = unique('crash');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish([{ topic, key: 'dir-1', value: 'survives a crash' }]);
      const lines: unknown[] = [];
      child = spawn(
        process.execPath,
        [join(__dirname, '../spec-support/crash-consumer.child.js'), brokers.join(','), topic, group],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let buffered = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        lines.push(...complete.map((line) => JSON.parse(line) as unknown));
      });

      await eventually(() => expect(lines).toContainEqual({ handling: 'survives a crash', offset: '0' }), {
        timeoutMs: 60_000,
      });
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const seen: unknown[] = [];
      handles.push(
        await bus.subscribe({
          group,
          topics: [topic],
          handle: async (message) => void seen.push(message.value),
        }),
      );
      await eventually(() => expect(seen).toEqual(['survives a crash']), { timeoutMs: 30_000 });
    });

    it("commits a batch's offset within commitIntervalMs, not at once, and what is pending when it stops", async () => {
      const topic = unique('kafka.commits');
      const group = unique('committer');
      const admin = new Kafka({ brokers, clientId: unique('admin'), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const committed = async (): Promise<string> => {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return offsets!.partitions[0]!.offset;
      };
      try {
        const slow = createBus(logger, { commitIntervalMs: 1_500 });
        await slow.ensureTopics([{ name: topic, partitions: 1 }]);
        const seen: unknown[] = [];
        const handle = await slow.subscribe({
          group,
          topics: [topic],
          handle: async (message) => void seen.push(message.value),
        });
        try {
          await slow.publish([{ topic, key: 'dir-1', value: 1 }]);
          await eventually(() => expect(seen).toEqual([1]));
          expect(await committed()).toBe('-1');
          await eventually(async () => expect(await committed()).toBe('1'), { timeoutMs: 5_000 });

          await slow.publish([{ topic, key: 'dir-1', value: 2 }]);
          await eventually(() => expect(seen).toEqual([1, 2]));
          expect(await committed()).toBe('1');
        } finally {
          await handle.stop();
          await slow.close();
        }
        expect(await committed()).toBe('2');
      } finally {
        await admin.disconnect();
      }
    });

    it('sends publishes made while one is in flight together, each in its order, and all of them', async () => {
      const topic = unique('kafka.coalesced');
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish([{ topic, key: 'dir-1', value: { publisher: -1, index: 0 } }]);
      const producer = await (bus as unknown as { producer: Promise<Producer> }).producer;
      const sendBatch = jest.spyOn(producer, 'sendBatch');
      const received: Array<{ publisher: number; index: number }> = [];
      handles.push(
        await bus.subscribe({
          group: unique('reader'),
          topics: [topic],
          fromBeginning: true,
          handle: async (message) =>
            void received.push(message.value as { publisher: number; index: number }),
        }),
      );

      await Promise.all(
        Array.from({ length: 20 }, (_, publisher) =>
          bus.publish(
            Array.from({ length: 3 }, (_, index) => ({ topic, key: 'dir-1', value: { publisher, index } })),
          ),
        ),
      );

      // the first goes out at once, the 19 queued behind it in one request
      expect(sendBatch).toHaveBeenCalledTimes(2);
      await eventually(() => expect(received).toHaveLength(61));
      const sent = received.slice(1);
      for (let publisher = 0; publisher < 20; publisher += 1) {
        const at = sent.findIndex((value) => value.publisher === publisher);
        expect(sent.slice(at, at + 3)).toEqual([0, 1, 2].map((index) => ({ publisher, index })));
      }
    });

    it('fails only the publish whose message the broker refuses when it went out with others', async () => {
      const topic = unique('kafka.small-messages');
      const admin = new Kafka({ brokers, clientId: unique('admin'), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.createTopics({
          topics: [
            { topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '4096' }] },
          ],
        });
      } finally {
        await admin.disconnect();
      }
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish([{ topic, key: 'dir-1', value: 'first' }]);
      const received: unknown[] = [];
      handles.push(
        await bus.subscribe({
          group: unique('reader'),
          topics: [topic],
          fromBeginning: true,
          handle: async (message) => void received.push(message.value),
        }),
      );

      const outcomes = await Promise.allSettled([
        bus.publish([{ topic, key: 'dir-1', value: 'before' }]),
        bus.publish([{ topic, key: 'dir-1', value: 'x'.repeat(10_000) }]),
        bus.publish([{ topic, key: 'dir-1', value: 'after' }]),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).not.toBeInstanceOf(BusUnavailableError);
      // refused alone, it does not fail what was queued behind it
      const alone = await Promise.allSettled([
        bus.publish([{ topic, key: 'dir-1', value: 'y'.repeat(10_000) }]),
        bus.publish([{ topic, key: 'dir-1', value: 'last' }]),
      ]);
      expect(alone.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
      await eventually(() => expect(received).toEqual(['first', 'before', 'after', 'last']));
    });

    it('fails fast with BusUnavailableError when no broker answers', async () => {
      const address = `127.0.0.1:${await freePort()}`;
      const down = createBus(logger, {
        brokers: [address],
        publishTimeoutMs: 2_000,
        subscribeTimeoutMs: 3_000,
      });
      try {
        // at start-up: the message names the dependency and where it was looked for
        const ensuring = down.ensureTopics([{ name: unique('anything'), partitions: 1 }]);
        await expect(ensuring).rejects.toBeInstanceOf(BusUnavailableError);
        await expect(ensuring).rejects.toThrow(`could not create topics on Kafka (${address})`);
        const started = Date.now();
        await expect(down.publish([{ topic: 'anything', key: 'dir-1', value: 1 }])).rejects.toBeInstanceOf(
          BusUnavailableError,
        );
        expect(Date.now() - started).toBeLessThan(3_000);
        await expect(down.isHealthy()).resolves.toBe(false);
        await expect(
          down.subscribe({ group: unique('nobody'), topics: ['anything'], handle: async () => undefined }),
        ).rejects.toBeInstanceOf(BusUnavailableError);
      } finally {
        await down.close();
      }
    });

    it('is healthy while the broker answers', async () => {
      await expect(bus.isHealthy()).resolves.toBe(true);
    });
  });
});
