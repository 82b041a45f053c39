import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { deadLetterTopic } from '@scimflow/contracts';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Message } from 'kafkajs';
import { deadLetterHeaders, describeError } from '../core/dead-letter';
import { incomingMessage } from '../core/incoming-message';
import { retryDelayMs, type RetryBackoffOptions } from '../core/retry-backoff';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { PermanentMessageError } from '../errors/permanent-message.error';
import { BusHeaders, DEFAULT_MAX_BATCH_SIZE, type IncomingMessage, type Subscription } from '../message-bus';

/** Consumer tuning shared by every subscription of one KafkaMessageBus. */
export interface KafkaSubscriptionSettings {
  retry: RetryBackoffOptions;
  fetchMaxWaitMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  partitionsConsumedConcurrently: number;
  subscribeTimeoutMs: number;
  commitIntervalMs: number;
}

/** A handled offset waiting for its commit. */
interface PendingCommit {
  topic: string;
  partition: number;
  /** The next offset to read, as Kafka commits it. */
  offset: string;
}

/** What a subscription needs from its bus. */
export interface KafkaSubscriptionBus {
  /** Publishes already encoded messages (dead letters keep the original bytes; probes name a partition). */
  sendRaw(topic: string, messages: Message[]): Promise<void>;
  admin(): Promise<Admin>;
}

/** Where a partition stands with a message that failed transiently. */
interface RetryState {
  offset: string;
  failures: number;
  notBefore: number;
}

type Outcome = { handled: true } | { handled: false; error: unknown };

/**
 * One Subscription on one kafkajs consumer, restarted on crashes until stopped.
 *
 * Why a failing message pauses its partition instead of being retried in place: kafkajs fetches a
 * broker's partitions together and fetches again only when every batch of the previous fetch is
 * done, so a partition stuck in a retry loop would hold back all the others. Leaving the offset
 * unresolved and pausing the partition for the backoff delay makes kafkajs fetch it again from the
 * same offset later, while the other partitions (and heartbeats) go on.
 */
/** Most messages handled between two commits of a partition's offset within one batch. */
const COMMIT_EVERY = 100;
/** Longest stop() waits for the commit of what was handled since the last one. */
const STOP_COMMIT_TIMEOUT_MS = 3_000;

export class KafkaSubscription {
  private consumer?: Consumer;
  private stopping = false;
  private readonly retryStates = new Map<string, RetryState>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private restartTimer?: NodeJS.Timeout;
  /** Handled offsets not yet committed, by partition; committed together when `commitTimer` fires. */
  private readonly pendingCommits = new Map<string, PendingCommit>();
  private commitTimer?: NodeJS.Timeout;
  /** While start() probes the end of the topics: its probe id and the partitions not yet seen. */
  private probe?: { id: string; unseen: Set<string>; seen: () => void };

  constructor(
    private readonly kafka: Kafka,
    private readonly subscription: Subscription,
    private readonly settings: KafkaSubscriptionSettings,
    private readonly logger: LoggerService,
    private readonly bus: KafkaSubscriptionBus,
  ) {}

  /** A group that starts at the end of its topics, rather than at its committed or earliest offsets. */
  private get startsAtEnd(): boolean {
    return this.subscription.ephemeral === true || this.subscription.fromBeginning === false;
  }

  /** Connects, joins the group and resolves once the consumer is positioned on its partitions. */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.subscription.group,
      sessionTimeout: this.settings.sessionTimeoutMs,
      heartbeatInterval: this.settings.heartbeatIntervalMs,
      minBytes: 1,
      maxWaitTimeInMs: this.settings.fetchMaxWaitMs,
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 5_000,
        retries: 10,
        restartOnFailure: async () => !this.stopping,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !this.stopping && this.consumer === consumer)
        this.scheduleRestart(payload.error);
    });
    // after a rebalance the partitions may be another member's: what was not committed is read again there
    consumer.on(consumer.events.GROUP_JOIN, () => this.pendingCommits.clear());
    const joined = this.whenJoined(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.subscription.topics, fromBeginning: !this.startsAtEnd });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      await joined.promise;
      if (this.startsAtEnd) await this.probeEnds();
    } finally {
      joined.dispose();
    }
  }

  /** Finishes the message in hand, commits what was handled, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    // bounded: with the broker gone a commit retries for long, and the inbox makes a re-read harmless anyway
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.commitPending(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_COMMIT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    try {
      await this.consumer?.disconnect();
    } catch (error) {
      this.logger.warn(`group ${this.subscription.group} did not leave cleanly: ${describeError(error)}`);
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const slot = `${batch.topic}/${batch.partition}`;
    // Offsets are committed once per batch (and every COMMIT_EVERY messages of a long one), not after each message:
    // a broker round trip per message would bound every consumer's throughput. Handlers are idempotent (inbox), so
    // what a crash makes the group read again is harmless.
    // At the end of a batch the commit is left to commitTimer (see commitIntervalMs), except when stopping.
    let uncommitted: string | undefined;
    let sinceCommit = 0;
    const commit = async (now: boolean) => {
      if (uncommitted === undefined || this.subscription.ephemeral) return;
      const offset = (BigInt(uncommitted) + 1n).toString();
      uncommitted = undefined;
      sinceCommit = 0;
      if (!now && this.settings.commitIntervalMs > 0 && !this.stopping) {
        this.pendingCommits.set(slot, { topic: batch.topic, partition: batch.partition, offset });
        if (!this.commitTimer) {
          this.commitTimer = setTimeout(() => void this.commitPending(), this.settings.commitIntervalMs);
          this.commitTimer.unref();
        }
        return;
      }
      this.pendingCommits.delete(slot);
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
      });
    };
    /** Marks `raw`, and the `count - 1` messages before it, handled. */
    const done = async (raw: KafkaMessage, count = 1): Promise<void> => {
      this.retryStates.delete(slot);
      payload.resolveOffset(raw.offset);
      uncommitted = raw.offset;
      sinceCommit += count;
      if (sinceCommit >= COMMIT_EVERY) await commit(true);
    };
    try {
      if (this.subscription.handleBatch) {
        await this.eachBatchTogether(payload, slot, done);
        return;
      }
      for (const raw of batch.messages) {
        if (this.stopping || !payload.isRunning() || payload.isStale()) return;
        const probe = raw.headers?.[BusHeaders.probe];
        if (probe !== undefined) {
          this.sawProbe(probe.toString(), slot);
        } else {
          let state = this.retryStates.get(slot);
          if (state && state.offset !== raw.offset) state = undefined;
          if (state && state.notBefore > Date.now()) {
            this.pauseFor(payload, state.notBefore - Date.now());
            return;
          }
          const message = this.toIncoming(batch.topic, batch.partition, raw);
          const outcome = await this.attempt(payload, message, raw);
          if (!outcome.handled) {
            this.failed(payload, slot, raw.offset, state, outcome.error);
            return;
          }
        }
        await done(raw);
      }
    } finally {
      if (!payload.isStale()) {
        await commit(false).catch((error: unknown) =>
          this.logger.warn(
            `group ${this.subscription.group} could not commit ${slot}: ${describeError(error)}`,
          ),
        );
      }
    }
  }

  /**
   * The fetched messages of one partition, handed to `handleBatch` a chunk of at most `maxBatchSize` at a time. A
   * chunk that fails transiently is retried whole from its first offset; one that fails permanently is taken
   * again one message at a time, so that only the message that cannot succeed is dead-lettered.
   */
  private async eachBatchTogether(
    payload: EachBatchPayload,
    slot: string,
    done: (raw: KafkaMessage, count?: number) => Promise<void>,
  ): Promise<void> {
    const { batch } = payload;
    const maxBatchSize = Math.max(1, this.subscription.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
    const pending = [...batch.messages];
    while (pending.length > 0) {
      if (this.stopping || !payload.isRunning() || payload.isStale()) return;
      const [first] = pending;
      const probe = first.headers?.[BusHeaders.probe];
      if (probe !== undefined) {
        this.sawProbe(probe.toString(), slot);
        pending.shift();
        await done(first);
        continue;
      }
      const end = pending.findIndex(
        (raw, index) => index >= maxBatchSize || raw.headers?.[BusHeaders.probe] !== undefined,
      );
      const chunk = pending.slice(0, end === -1 ? pending.length : end);
      let state = this.retryStates.get(slot);
      if (state && state.offset !== first.offset) state = undefined;
      if (state && state.notBefore > Date.now()) {
        this.pauseFor(payload, state.notBefore - Date.now());
        return;
      }
      const outcome = await this.attemptBatch(
        payload,
        chunk.map((raw) => this.toIncoming(batch.topic, batch.partition, raw)),
      );
      if (outcome === 'permanent') {
        // One at a time now: each message is handled, retried or dead-lettered on its own.
        for (const raw of chunk) {
          if (this.stopping || !payload.isRunning() || payload.isStale()) return;
          const message = this.toIncoming(batch.topic, batch.partition, raw);
          const single = await this.attempt(payload, message, raw);
          if (!single.handled) {
            this.failed(payload, slot, raw.offset, undefined, single.error);
            return;
          }
          pending.shift();
          await done(raw);
        }
        continue;
      }
      if (outcome !== 'handled') {
        this.failed(payload, slot, first.offset, state, outcome.error);
        return;
      }
      pending.splice(0, chunk.length);
      await done(chunk[chunk.length - 1], chunk.length);
    }
  }

  /** Remembers the failure of the message (or batch) at `offset` and pauses the partition for the backoff. */
  private failed(
    payload: EachBatchPayload,
    slot: string,
    offset: string,
    state: RetryState | undefined,
    error: unknown,
  ): void {
    const failures = (state?.failures ?? 0) + 1;
    const delay = retryDelayMs(failures, this.settings.retry);
    this.retryStates.set(slot, { offset, failures, notBefore: Date.now() + delay });
    this.logger.warn(
      `group ${this.subscription.group} failed ${slot}@${offset} (attempt ${failures}, next in ${delay} ms): ${describeError(error)}`,
    );
    this.pauseFor(payload, delay);
  }

  private async attemptBatch(
    payload: EachBatchPayload,
    messages: IncomingMessage[],
  ): Promise<'handled' | 'permanent' | { error: unknown }> {
    const keepAlive = setInterval(() => {
      payload.heartbeat().catch(() => undefined);
    }, this.settings.heartbeatIntervalMs);
    try {
      await this.subscription.handleBatch?.(messages);
      return 'handled';
    } catch (error) {
      return error instanceof PermanentMessageError ? 'permanent' : { error };
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async attempt(
    payload: EachBatchPayload,
    message: IncomingMessage,
    raw: KafkaMessage,
  ): Promise<Outcome> {
    // kafkajs heartbeats only between batches; a long handler must not cost the group its partitions.
    const keepAlive = setInterval(() => {
      payload.heartbeat().catch(() => undefined);
    }, this.settings.heartbeatIntervalMs);
    try {
      await this.subscription.handle(message);
      return { handled: true };
    } catch (error) {
      if (!(error instanceof PermanentMessageError)) return { handled: false, error };
      try {
        await this.deadLetter(message, raw, error.reason);
        return { handled: true };
      } catch (deadLetterError) {
        return { handled: false, error: deadLetterError };
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async deadLetter(message: IncomingMessage, raw: KafkaMessage, reason: string): Promise<void> {
    const topic = deadLetterTopic(message.topic);
    await this.bus.sendRaw(topic, [
      {
        key: raw.key,
        value: raw.value,
        headers: deadLetterHeaders(message, this.subscription.group, reason),
      },
    ]);
    this.logger.warn(
      `group ${this.subscription.group} dead-lettered ${message.topic}/${message.partition}@${message.offset} to ${topic}: ${reason}`,
    );
  }

  /**
   * A group that starts at the end of its topics is positioned only when kafkajs has looked the end
   * up, at its first fetch, and again if that fetch failed (as it does while a new topic's leader
   * settles). To know that it is positioned, and that no message published from now on can fall
   * before its position, it publishes a probe to every partition and waits to read them all back
   * (probing again each second). Consumers skip probes, whichever group they are in.
   */
  private async probeEnds(): Promise<void> {
    const admin = await this.bus.admin();
    const { topics } = await admin.fetchTopicMetadata({ topics: [...new Set(this.subscription.topics)] });
    const unseen = new Set(
      topics.flatMap((topic) =>
        topic.partitions.map((partition) => `${topic.name}/${partition.partitionId}`),
      ),
    );
    const deadline = Date.now() + this.settings.subscribeTimeoutMs;
    const probe: { id: string; unseen: Set<string>; seen: () => void } = {
      id: randomUUID(),
      unseen,
      seen: () => undefined,
    };
    this.probe = probe;
    try {
      while (unseen.size > 0) {
        if (Date.now() >= deadline) {
          throw new BusUnavailableError(
            `group ${this.subscription.group} was not positioned within ${this.settings.subscribeTimeoutMs} ms`,
          );
        }
        const allSeen = new Promise<void>((resolve) => {
          probe.seen = resolve;
        });
        await Promise.all(
          [...topics].map((topic) =>
            this.bus.sendRaw(
              topic.name,
              topic.partitions
                .filter((partition) => unseen.has(`${topic.name}/${partition.partitionId}`))
                .map((partition) => ({
                  partition: partition.partitionId,
                  key: 'probe',
                  value: null,
                  headers: { [BusHeaders.probe]: probe.id },
                })),
            ),
          ),
        );
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([allSeen, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
        clearTimeout(timer);
      }
    } finally {
      this.probe = undefined;
    }
  }

  private sawProbe(id: string, slot: string): void {
    if (this.probe?.id !== id) return;
    this.probe.unseen.delete(slot);
    if (this.probe.unseen.size === 0) this.probe.seen();
  }

  private toIncoming(topic: string, partition: number, raw: KafkaMessage): IncomingMessage {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers ?? {})) {
      const last = Array.isArray(value) ? value[value.length - 1] : value;
      if (last !== undefined) headers[name] = last.toString();
    }
    return incomingMessage(
      { topic, partition, offset: raw.offset, key: raw.key?.toString() ?? '', headers },
      raw.value === null ? null : raw.value.toString(),
    );
  }

  private pauseFor(payload: EachBatchPayload, ms: number): void {
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }

  /** Commits the offsets handled since the last commit, of every partition, in one request. */
  private async commitPending(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const pending = [...this.pendingCommits.values()];
    this.pendingCommits.clear();
    if (pending.length === 0 || !this.consumer) return;
    try {
      await this.consumer.commitOffsets(pending);
    } catch (error) {
      // read again after a restart or by the partition's next owner; the inbox skips what was handled
      this.logger.warn(
        `group ${this.subscription.group} could not commit ${pending.length} partition(s): ${describeError(error)}`,
      );
    }
  }

  /** Resolves when the group is joined: after its first fetch if it was given partitions. */
  private whenJoined(consumer: Consumer): { promise: Promise<void>; dispose: () => void } {
    const removers: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      let joined = false;
      removers.push(
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          joined = true;
          if (!Object.values(payload.memberAssignment).some((partitions) => partitions.length > 0)) resolve();
        }),
        consumer.on(consumer.events.FETCH, () => {
          if (joined) resolve();
        }),
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!payload.restart) reject(payload.error);
        }),
      );
      timer = setTimeout(
        () =>
          reject(
            new BusUnavailableError(
              `group ${this.subscription.group} did not join within ${this.settings.subscribeTimeoutMs} ms`,
            ),
          ),
        this.settings.subscribeTimeoutMs,
      );
    });
    promise.catch(() => undefined);
    return {
      promise,
      dispose: () => {
        clearTimeout(timer);
        removers.forEach((remove) => remove());
      },
    };
  }

  /** kafkajs gives up on errors it deems fatal; a service must keep consuming once the broker is back. */
  private scheduleRestart(error: Error): void {
    const delay = 5_000;
    this.logger.error(
      `group ${this.subscription.group} consumer stopped (${describeError(error)}); restarting in ${delay} ms`,
    );
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void this.restart();
    }, delay);
  }

  private async restart(): Promise<void> {
    // the crashed consumer cannot commit them; its partitions are read again from the last commit
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.pendingCommits.clear();
    try {
      await this.consumer?.disconnect();
    } catch {
      // The crashed consumer is already disconnected.
    }
    if (this.stopping) return;
    try {
      await this.start();
      this.logger.log(`group ${this.subscription.group} consumer restarted`);
    } catch (error) {
      if (!this.stopping) this.scheduleRestart(error as Error);
    }
  }
}
