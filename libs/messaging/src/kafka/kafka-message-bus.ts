import { Logger, type LoggerService } from '@nestjs/common';
import {
  type Admin,
  type ITopicMetadata,
  Kafka,
  KafkaJSError,
  KafkaJSProtocolError,
  logLevel,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { encodeOutgoing } from '../core/outgoing-message';
import type { RetryBackoffOptions } from '../core/retry-backoff';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import type {
  MessageBus,
  OutgoingMessage,
  Subscription,
  SubscriptionHandle,
  TopicSpec,
} from '../message-bus';
import { kafkaLogCreator } from './kafka-log-creator';
import { whileSettling } from './while-settling';
import { KafkaSubscription, type KafkaSubscriptionSettings } from './kafka-subscription';

export interface KafkaMessageBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of topics created by ensureTopics when a spec does not say (default 12). */
  partitions?: number;
  /** Replication factor of created topics (default 1: a single-broker cluster). */
  replicationFactor?: number;
  logger?: LoggerService;
  /** kafkajs' own log level (default WARN); its lines go to `logger`. */
  kafkaLogLevel?: logLevel;
  /** Backoff between attempts at a message that failed transiently (default 100 ms doubling to 5 s). */
  retry?: RetryBackoffOptions;
  /**
   * Longest a fetch waits on the broker when there is no data (default 500 ms). A fetch returns as soon as a
   * message arrives, so this is not a latency floor; short waits only make idle consumers poll (CPU in every
   * service and in the broker).
   */
  fetchMaxWaitMs?: number;
  /** Consumer session timeout (default 30 s): how long a dead member holds its partitions. */
  sessionTimeoutMs?: number;
  /** Heartbeat interval (default 3 s); heartbeats also go out while a handler runs. */
  heartbeatIntervalMs?: number;
  /** Partitions of one subscription handled at the same time (default: `partitions`). */
  partitionsConsumedConcurrently?: number;
  /** Longest publish() may take before it fails with BusUnavailableError (default 5 s). */
  publishTimeoutMs?: number;
  /** TCP connect timeout (default 1 s). */
  connectionTimeoutMs?: number;
  /** Timeout of one broker request (default 10 s). */
  requestTimeoutMs?: number;
  /** Longest subscribe() waits for the group to be joined and positioned (default 60 s). */
  subscribeTimeoutMs?: number;
  /**
   * A partition's handled offset is committed at most this long after its batch ended (default 1 s; 0 = at the
   * end of every batch), and at once every 100 messages of a long batch and when the subscription stops. A commit
   * is a broker round trip: a sequential client's commands come one per batch. A crash re-reads what was handled
   * since the last commit, which the inbox skips.
   */
  commitIntervalMs?: number;
}

/**
 * The bus on Kafka (kafkajs). Publishes with an idempotent producer and `acks: -1`; each
 * subscription is one kafkajs consumer that handles a partition's messages one at a time, commits
 * after each handled message, and handles different partitions at the same time.
 *
 * Failure behaviour: publish() fails fast with BusUnavailableError when the broker does not answer
 * (a few quick retries, `publishTimeoutMs` in all) so the HTTP edge can answer 503; consumers keep
 * restarting until the broker is back. A message that fails transiently pauses its partition for
 * the backoff delay and is fetched again from the same offset, so other partitions keep flowing.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly logger: LoggerService;
  private readonly partitions: number;
  private readonly publishTimeoutMs: number;
  private readonly settings: KafkaSubscriptionSettings;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;
  /** Sends waiting for the one in flight to end (see send). */
  private readonly queued: QueuedSend[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: KafkaMessageBusOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaMessageBus needs at least one broker');
    this.logger = options.logger ?? new Logger(KafkaMessageBus.name);
    this.partitions = options.partitions ?? 12;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      // Few, short retries: callers (outbox relay, HTTP edge) retry on their own terms.
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
      logLevel: options.kafkaLogLevel ?? logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
    });
    this.settings = {
      retry: options.retry ?? {},
      fetchMaxWaitMs: options.fetchMaxWaitMs ?? 500,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? this.partitions,
      subscribeTimeoutMs: options.subscribeTimeoutMs ?? 60_000,
      commitIntervalMs: options.commitIntervalMs ?? 1_000,
    };
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    try {
      const admin = await this.connectedAdmin();
      // Creating only what is missing keeps the broker from answering (and kafkajs from logging)
      // errors; another instance creating the same topic meanwhile is fine (TOPIC_ALREADY_EXISTS).
      const known = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !known.has(topic.name));
      if (missing.length > 0) {
        // kafkajs' own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker
        // answers for a moment after creating topics: waitForLeaders below waits on our own.
        await admin.createTopics({
          topics: missing.map((topic) => ({
            topic: topic.name,
            numPartitions: topic.partitions || this.partitions,
            replicationFactor: this.options.replicationFactor ?? 1,
          })),
          waitForLeaders: false,
        });
      }
      const created = new Set(missing.map((topic) => topic.name));
      const existing = await this.waitForLeaders(
        admin,
        topics.map((topic) => topic.name),
        created,
      );
      for (const topic of existing) {
        const wanted = topics.find((spec) => spec.name === topic.name)?.partitions ?? this.partitions;
        if (topic.partitions.length < wanted) {
          // Adding partitions would move keys to other partitions and break per-key order: an operator's call.
          this.logger.warn(
            `topic ${topic.name} has ${topic.partitions.length} partitions, ${wanted} wanted; left as it is`,
          );
        }
      }
    } catch (error) {
      throw this.unavailable(`could not create topics on Kafka (${this.options.brokers.join(', ')})`, error);
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    const encoded = messages.map(encodeOutgoing);
    if (encoded.length === 0) return;
    if (this.closed) throw new BusUnavailableError('the Kafka bus is closed');
    const byTopic = new Map<string, Message[]>();
    for (const message of encoded) {
      let list = byTopic.get(message.topic);
      if (!list) byTopic.set(message.topic, (list = []));
      list.push({ key: message.key, value: message.value, headers: message.headers });
    }
    await this.send(byTopic);
  }

  async subscribe(subscription: Subscription): Promise<SubscriptionHandle> {
    if (this.closed) throw new BusUnavailableError('the Kafka bus is closed');
    const consumer = new KafkaSubscription(this.kafka, subscription, this.settings, this.logger, {
      sendRaw: (topic, messages) => this.send(new Map([[topic, messages]])),
      admin: () => this.connectedAdmin(),
    });
    this.subscriptions.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      this.subscriptions.delete(consumer);
      await consumer.stop();
      throw this.unavailable(`could not subscribe group ${subscription.group}`, error);
    }
    return {
      stop: async () => {
        this.subscriptions.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async isHealthy(timeoutMs = 2_000): Promise<boolean> {
    if (this.closed) return false;
    try {
      const admin = await withTimeout(this.connectedAdmin(), timeoutMs);
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs);
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await Promise.all([this.disconnect(this.producer), this.disconnect(this.admin)]);
    this.producer = undefined;
    this.admin = undefined;
  }

  /**
   * Sends pre-encoded messages (also dead letters, whose value is passed through unchanged). The idempotent producer
   * has one request in flight at a time (kafkajs loses messages of concurrent requests to one partition otherwise), so
   * sends made while one is in flight are queued and go out together in the next request: concurrent callers (the
   * edge's commands, the replies of a batch of commands) share a broker round trip instead of each waiting for all
   * the ones before it. Each caller's messages stay in its order, and together.
   */
  private send(byTopic: Map<string, Message[]>): Promise<void> {
    const batch: QueuedSend = { byTopic, bytes: sizeOf(byTopic), settle: () => undefined };
    const sent = new Promise<void>((resolve, reject) => {
      batch.settle = (error) => (error === undefined ? resolve() : reject(error as Error));
    });
    this.queued.push(batch);
    if (!this.flushing) this.flushing = this.flush();
    return withTimeout(sent, this.publishTimeoutMs).catch((error: unknown) => {
      throw isUnavailability(error) ? this.unavailable('could not publish', error) : error;
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const batches = this.takeQueued();
        try {
          await this.sendNow(merged(batches));
          for (const batch of batches) batch.settle();
        } catch (error) {
          if (isUnavailability(error)) {
            // Sends queued behind a failed one fail with it, as they would have on its producer: a caller's later
            // message never overtakes its earlier one that failed.
            for (const batch of [...batches, ...this.queued.splice(0)]) batch.settle(error);
          } else if (batches.length === 1) {
            batches[0]!.settle(error);
          } else {
            // A message Kafka refuses (e.g. too large) fails only its own caller.
            for (const batch of batches) {
              await this.sendNow(batch.byTopic).then(
                () => batch.settle(),
                (own: unknown) => batch.settle(own),
              );
            }
          }
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** The queued sends that go out together: all of them, up to about MAX_COALESCED_BYTES (at least one). */
  private takeQueued(): QueuedSend[] {
    let bytes = 0;
    let count = 0;
    for (const batch of this.queued) {
      if (count > 0 && bytes + batch.bytes > MAX_COALESCED_BYTES) break;
      bytes += batch.bytes;
      count += 1;
    }
    return this.queued.splice(0, count);
  }

  private async sendNow(byTopic: Map<string, Message[]>): Promise<void> {
    const producer = this.connectedProducer();
    try {
      await withTimeout(
        producer.then((connected) =>
          connected.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          }),
        ),
        this.publishTimeoutMs,
      );
    } catch (error) {
      if (!isUnavailability(error)) throw error;
      // An idempotent producer whose send failed half-way may be out of step on sequence numbers: a
      // fresh one (new producer id) is the safe restart. Messages may be duplicated: consumers dedupe.
      if (this.producer === producer) {
        this.producer = undefined;
        void this.disconnect(producer);
      }
      throw this.unavailable('could not publish', error);
    }
  }

  /**
   * Waits until every partition of `names` has a leader that serves it: metadata names a leader a
   * moment before that leader answers, and the first producers and consumers would meet the gap.
   */
  private async waitForLeaders(
    admin: Admin,
    names: string[],
    created: Set<string>,
  ): Promise<ITopicMetadata[]> {
    const deadline = Date.now() + 10_000;
    let topics = (await whileSettling(() => admin.fetchTopicMetadata({ topics: names }))).topics;
    while (topics.some((topic) => topic.partitions.some((partition) => partition.leader < 0))) {
      if (Date.now() >= deadline)
        throw new TimeoutError(`topics ${names.join(', ')} have no leader after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      topics = (await whileSettling(() => admin.fetchTopicMetadata({ topics: names }))).topics;
    }
    for (const name of created) await whileSettling(() => admin.fetchTopicOffsets(name));
    return topics;
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        // kafkajs warns that limited retries may weaken idempotence; we accept that (at-least-once).
        retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 2 },
      });
      const connecting = producer.connect().then(() => producer);
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
    }
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      const connecting = admin.connect().then(() => admin);
      this.admin = connecting;
      connecting.catch(() => {
        if (this.admin === connecting) this.admin = undefined;
      });
    }
    return this.admin;
  }

  private async disconnect(client: Promise<Producer | Admin> | undefined): Promise<void> {
    try {
      await (await client)?.disconnect();
    } catch {
      // Never connected, or the broker is gone: nothing left to release.
    }
  }

  private unavailable(what: string, error: unknown): Error {
    if (error instanceof BusUnavailableError || !isUnavailability(error)) return error as Error;
    return new BusUnavailableError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

class TimeoutError extends Error {}

/** One caller's send, waiting in the queue of {@link KafkaMessageBus}. */
interface QueuedSend {
  byTopic: Map<string, Message[]>;
  bytes: number;
  settle: (error?: unknown) => void;
}

/**
 * Queued sends that fit in about this many bytes of values go out in one request: far below the broker's default
 * limit of a partition's record batch (1 MiB), which a single send may still reach on its own.
 */
const MAX_COALESCED_BYTES = 256 * 1024;

function sizeOf(byTopic: Map<string, Message[]>): number {
  let bytes = 0;
  for (const messages of byTopic.values()) {
    for (const message of messages) bytes += message.value?.length ?? 0;
  }
  return bytes;
}

function merged(batches: readonly QueuedSend[]): Map<string, Message[]> {
  if (batches.length === 1) return batches[0]!.byTopic;
  const byTopic = new Map<string, Message[]>();
  for (const batch of batches) {
    for (const [topic, messages] of batch.byTopic) {
      const list = byTopic.get(topic);
      if (list) list.push(...messages);
      else byTopic.set(topic, [...messages]);
    }
  }
  return byTopic;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`no answer from Kafka within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => undefined);
  }
}

/** Broker or network trouble (retry later), as opposed to a request Kafka will never accept. */
function isUnavailability(error: unknown): boolean {
  if (error instanceof TimeoutError || error instanceof BusUnavailableError) return true;
  if (!(error instanceof KafkaJSError)) return false;
  let root: Error = error;
  while (root instanceof KafkaJSError && root.cause) root = root.cause;
  return !(root instanceof KafkaJSProtocolError && !root.retriable);
}
