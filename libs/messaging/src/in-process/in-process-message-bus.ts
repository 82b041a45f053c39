import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, type LoggerService } from '@nestjs/common';
import { deadLetterTopic } from '@scimflow/contracts';
import { deadLetterHeaders, describeError } from '../core/dead-letter';
import { incomingMessage } from '../core/incoming-message';
import { encodeOutgoing, type EncodedMessage } from '../core/outgoing-message';
import { retryDelayMs, type RetryBackoffOptions } from '../core/retry-backoff';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { PermanentMessageError } from '../errors/permanent-message.error';
import {
  DEFAULT_MAX_BATCH_SIZE,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type Subscription,
  type SubscriptionHandle,
  type TopicSpec,
} from '../message-bus';
import { partitionOfKey } from './partition-of-key';

export interface InProcessMessageBusOptions {
  /** Partitions of a topic not given to ensureTopics (default 12, as KAFKA_PARTITIONS). */
  partitions?: number;
  /** Backoff between attempts at a message that failed transiently. */
  retry?: RetryBackoffOptions;
  logger?: LoggerService;
  /**
   * How long a publish made from inside a handler waits for its consumers before it gives up waiting
   * (the messages stay queued and are still delivered). Breaks wait cycles between groups that
   * publish into each other's topics; default 30 s.
   */
  nestedPublishWaitMs?: number;
}

/** One subscription: a member of its group on each of its topics. */
interface Member {
  readonly subscription: Subscription;
  active: boolean;
  inFlight: number;
  readonly whenIdle: Array<() => void>;
}

/** A group's view of one topic: its members and one sequential queue per partition. */
interface GroupTopic {
  readonly group: string;
  readonly topic: string;
  readonly members: Member[];
  readonly queues: Map<number, PartitionQueue>;
}

interface PartitionQueue {
  /** `<group>/<topic>/<partition>`: the unit that processes one message at a time. */
  readonly id: string;
  readonly items: QueuedMessage[];
  draining: boolean;
  /** Set while the head message waits for its next attempt; cuts the wait short. */
  wake?: () => void;
}

interface QueuedMessage {
  readonly fields: Omit<IncomingMessage, 'value'>;
  readonly raw: string;
  /** Queues the publisher was running in (and those it was waiting for): never waited on again. */
  readonly chain: readonly string[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The bus in memory, with the Kafka adapter's semantics: keys hashed onto partitions, every group
 * gets every message, one message at a time per (group, topic, partition), partitions in parallel,
 * transient failures retried with backoff, permanent ones dead-lettered. `publish()` resolves once
 * every subscribed group has handled (or dead-lettered) the messages, which is what makes the
 * embedded mode's outbox relay durable without a log. Messages published to a topic nobody
 * subscribes to are not kept.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly defaultPartitions: number;
  private readonly nestedPublishWaitMs: number;
  private readonly logger: LoggerService;
  private readonly partitionCounts = new Map<string, number>();
  private readonly nextOffsets = new Map<string, number>();
  private readonly topics = new Map<string, Map<string, GroupTopic>>();
  private readonly members = new Set<Member>();
  /** The queues the current handler runs in, carried through its async calls. */
  private readonly chain = new AsyncLocalStorage<readonly string[]>();
  private closed = false;

  constructor(private readonly options: InProcessMessageBusOptions = {}) {
    this.defaultPartitions = options.partitions ?? 12;
    this.nestedPublishWaitMs = options.nestedPublishWaitMs ?? 30_000;
    this.logger = options.logger ?? new Logger(InProcessMessageBus.name);
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const topic of topics) {
      if (!this.partitionCounts.has(topic.name)) this.partitionCounts.set(topic.name, topic.partitions);
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new BusUnavailableError('the in-process bus is closed');
    await this.publishEncoded(messages.map(encodeOutgoing));
  }

  async subscribe(subscription: Subscription): Promise<SubscriptionHandle> {
    if (this.closed) throw new BusUnavailableError('the in-process bus is closed');
    const member: Member = { subscription, active: true, inFlight: 0, whenIdle: [] };
    this.members.add(member);
    for (const topic of new Set(subscription.topics)) {
      let groups = this.topics.get(topic);
      if (!groups) this.topics.set(topic, (groups = new Map()));
      let groupTopic = groups.get(subscription.group);
      if (!groupTopic) {
        groupTopic = { group: subscription.group, topic, members: [], queues: new Map() };
        groups.set(subscription.group, groupTopic);
      }
      groupTopic.members.push(member);
    }
    return { stop: () => this.unsubscribe(member) };
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.members].map((member) => this.unsubscribe(member)));
  }

  private async publishEncoded(messages: EncodedMessage[]): Promise<void> {
    const chain = this.chain.getStore() ?? [];
    const waits: Promise<void>[] = [];
    for (const message of messages) {
      const partition = partitionOfKey(message.key, this.partitionCount(message.topic));
      const offset = this.takeOffset(message.topic, partition);
      for (const groupTopic of this.topics.get(message.topic)?.values() ?? []) {
        const queue = this.queueOf(groupTopic, partition);
        const done = new Promise<void>((resolve, reject) => {
          queue.items.push({
            fields: { topic: message.topic, key: message.key, headers: message.headers, partition, offset },
            raw: message.value,
            chain,
            resolve,
            reject,
          });
        });
        // A handler publishing into its own queue (or one it is waiting for) would wait for itself.
        if (chain.includes(queue.id)) done.catch(() => undefined);
        else waits.push(done);
        if (!queue.draining) void this.drain(groupTopic, partition, queue);
      }
    }
    if (chain.length === 0) {
      await Promise.all(waits);
      return;
    }
    await this.waitNested(Promise.all(waits), chain);
  }

  /** Waits like a top-level publish, but not forever: two groups may be waiting on each other. */
  private async waitNested(all: Promise<unknown>, chain: readonly string[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave-up'>((resolve) => {
      timer = setTimeout(() => resolve('gave-up'), this.nestedPublishWaitMs);
    });
    try {
      const outcome = await Promise.race([all, gaveUp]);
      if (outcome === 'gave-up') {
        all.catch(() => undefined);
        this.logger.warn(
          `a publish from ${chain[chain.length - 1]} stopped waiting for its consumers after ${this.nestedPublishWaitMs} ms; the messages stay queued`,
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async drain(groupTopic: GroupTopic, partition: number, queue: PartitionQueue): Promise<void> {
    queue.draining = true;
    try {
      let oneAtATime = 0;
      for (let item = queue.items[0]; item !== undefined; item = queue.items[0]) {
        if (oneAtATime === 0) {
          oneAtATime = await this.deliverBatch(groupTopic, partition, queue);
          if (oneAtATime === 0) continue;
        }
        oneAtATime -= 1;
        const handled = await this.deliver(groupTopic, partition, queue, item);
        queue.items.shift();
        if (handled) item.resolve();
        else {
          item.reject(
            new BusUnavailableError(
              `group ${groupTopic.group} stopped consuming ${groupTopic.topic} before handling the message`,
            ),
          );
        }
      }
    } finally {
      queue.draining = false;
    }
  }

  /** Attempts until handled or dead-lettered (true), or until the group has no member left (false). */
  private async deliver(
    groupTopic: GroupTopic,
    partition: number,
    queue: PartitionQueue,
    item: QueuedMessage,
  ): Promise<boolean> {
    const chain = [...item.chain, queue.id];
    for (let failures = 0; ;) {
      if (groupTopic.members.length === 0) return false;
      const member = groupTopic.members[partition % groupTopic.members.length];
      const message = incomingMessage({ ...item.fields, headers: { ...item.fields.headers } }, item.raw);
      let failure: unknown;
      member.inFlight += 1;
      try {
        await this.chain.run(chain, () => member.subscription.handle(message));
        return true;
      } catch (error) {
        failure = error;
      } finally {
        member.inFlight -= 1;
        if (member.inFlight === 0) member.whenIdle.splice(0).forEach((resolve) => resolve());
      }
      if (failure instanceof PermanentMessageError) {
        const { reason } = failure;
        try {
          await this.chain.run(chain, () => this.deadLetter(groupTopic.group, message, item.raw, reason));
          return true;
        } catch (error) {
          failure = error;
        }
      }
      failures += 1;
      const delay = retryDelayMs(failures, this.options.retry);
      this.logger.warn(
        `group ${groupTopic.group} failed ${message.topic}/${message.partition}@${message.offset} (attempt ${failures}, next in ${delay} ms): ${describeError(failure)}`,
      );
      // A member that left while its handler ran was not sleeping yet, so nothing could wake it.
      if (member.active) await this.sleep(queue, delay);
    }
  }

  /**
   * When the member to deliver to takes batches: hands it the queue's head (up to its maxBatchSize messages) until
   * handled, retrying transient failures, and returns 0 (the messages are resolved and off the queue). Otherwise
   * returns how many messages are to go one at a time: those of a batch that failed permanently (so that only the
   * one that cannot succeed is dead-lettered), or the next one when the member takes no batches or the group has
   * no member left.
   */
  private async deliverBatch(
    groupTopic: GroupTopic,
    partition: number,
    queue: PartitionQueue,
  ): Promise<number> {
    for (let failures = 0; ;) {
      if (groupTopic.members.length === 0) return 1;
      const member = groupTopic.members[partition % groupTopic.members.length];
      const { subscription } = member;
      if (!subscription.handleBatch) return 1;
      const items = queue.items.slice(0, Math.max(1, subscription.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE));
      const chain = [...new Set(items.flatMap((item) => item.chain)), queue.id];
      const messages = items.map((item) =>
        incomingMessage({ ...item.fields, headers: { ...item.fields.headers } }, item.raw),
      );
      let failure: unknown;
      member.inFlight += 1;
      try {
        await this.chain.run(chain, () => subscription.handleBatch?.(messages));
        queue.items.splice(0, items.length);
        items.forEach((item) => item.resolve());
        return 0;
      } catch (error) {
        failure = error;
      } finally {
        member.inFlight -= 1;
        if (member.inFlight === 0) member.whenIdle.splice(0).forEach((resolve) => resolve());
      }
      if (failure instanceof PermanentMessageError) return items.length;
      failures += 1;
      const delay = retryDelayMs(failures, this.options.retry);
      const [first] = messages;
      this.logger.warn(
        `group ${groupTopic.group} failed ${first.topic}/${first.partition}@${first.offset} and the ${messages.length - 1} messages after it (attempt ${failures}, next in ${delay} ms): ${describeError(failure)}`,
      );
      // A member that left while its handler ran was not sleeping yet, so nothing could wake it.
      if (member.active) await this.sleep(queue, delay);
    }
  }

  private async deadLetter(
    group: string,
    message: IncomingMessage,
    raw: string,
    reason: string,
  ): Promise<void> {
    const topic = deadLetterTopic(message.topic);
    this.logger.warn(
      `group ${group} dead-lettered ${message.topic}/${message.partition}@${message.offset} to ${topic}: ${reason}`,
    );
    await this.publishEncoded([
      {
        topic,
        key: message.key,
        value: raw,
        headers: deadLetterHeaders(message, group, reason),
      },
    ]);
  }

  private sleep(queue: PartitionQueue, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        queue.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      queue.wake = done;
    });
  }

  private async unsubscribe(member: Member): Promise<void> {
    if (member.active) {
      member.active = false;
      this.members.delete(member);
      const { group } = member.subscription;
      for (const topic of new Set(member.subscription.topics)) {
        const groupTopic = this.topics.get(topic)?.get(group);
        if (!groupTopic) continue;
        groupTopic.members.splice(groupTopic.members.indexOf(member), 1);
        if (groupTopic.members.length === 0) this.topics.get(topic)?.delete(group);
        // A message waiting for its next attempt moves to another member now, or is given up.
        for (const queue of groupTopic.queues.values()) queue.wake?.();
      }
    }
    if (member.inFlight > 0) await new Promise<void>((resolve) => member.whenIdle.push(resolve));
  }

  private queueOf(groupTopic: GroupTopic, partition: number): PartitionQueue {
    let queue = groupTopic.queues.get(partition);
    if (!queue) {
      queue = { id: `${groupTopic.group}/${groupTopic.topic}/${partition}`, items: [], draining: false };
      groupTopic.queues.set(partition, queue);
    }
    return queue;
  }

  private partitionCount(topic: string): number {
    return this.partitionCounts.get(topic) ?? this.defaultPartitions;
  }

  private takeOffset(topic: string, partition: number): string {
    const slot = `${topic}/${partition}`;
    const offset = this.nextOffsets.get(slot) ?? 0;
    this.nextOffsets.set(slot, offset + 1);
    return String(offset);
  }
}
