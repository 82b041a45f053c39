import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger, type LoggerService } from '@nestjs/common';
import { Topics } from '@scimflow/contracts';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { RequestFailedError } from '../errors/request-failed.error';
import { RequestTimeoutError } from '../errors/request-timeout.error';
import { BusHeaders, type IncomingMessage, type MessageBus, type SubscriptionHandle } from '../message-bus';

export interface BusRequesterOptions {
  /** This process's id on the replies topic (default `<hostname>-<pid>-<random>`): unique per instance. */
  instanceId?: string;
  /** Where replies come back (default Topics.scimReplies). */
  replyTopic?: string;
  /** Timeout of a request that does not set one (default 5 s). */
  defaultTimeoutMs?: number;
  logger?: LoggerService;
}

export interface RequestOptions {
  /** How long to wait for the reply; also the request's expiry for the responder. */
  timeoutMs?: number;
  /** Application headers (e.g. correlation-id); the request headers of the bus are set on top. */
  headers?: Record<string, string>;
}

interface Pending {
  readonly topic: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Request/reply over the bus. A request carries `message-id` (the correlation id), `reply-to`,
 * `reply-instance` and `expires-at`; the responder (BusServer) publishes its answer on the reply
 * topic, keyed like the request, with the same `message-id` and `reply-instance`.
 *
 * Replies: each requester instance consumes the whole reply topic in a consumer group of its own
 * (`replies.<instanceId>`, ephemeral: starts at the end, commits nothing), so it sees every reply and
 * keeps those addressed to it, comparing one header before decoding anything. Kafka cannot route a
 * reply to one consumer of a shared group (the partition follows the key, not the requester), and a
 * topic per instance would leave topics behind; the cost is that every instance reads every reply.
 * start() resolves once that consumer is positioned, so no reply can slip past before it listens.
 */
export class BusRequester {
  /** This instance's id, as sent in `reply-instance`. */
  readonly instanceId: string;
  private readonly replyTopic: string;
  private readonly defaultTimeoutMs: number;
  private readonly logger: LoggerService;
  private readonly pending = new Map<string, Pending>();
  private started?: Promise<SubscriptionHandle>;

  constructor(
    private readonly bus: MessageBus,
    options: BusRequesterOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.replyTopic = options.replyTopic ?? Topics.scimReplies;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.logger = options.logger ?? new Logger(BusRequester.name);
  }

  /** Starts listening for replies (once); request() calls it too, but start-up should, to fail early. */
  start(): Promise<void> {
    if (!this.started) {
      const starting = this.bus.subscribe({
        group: `replies.${this.instanceId}`,
        topics: [this.replyTopic],
        ephemeral: true,
        fromBeginning: false,
        handle: async (message) => this.onReply(message),
      });
      this.started = starting;
      starting.catch(() => {
        if (this.started === starting) this.started = undefined;
      });
    }
    return this.started.then(() => undefined);
  }

  /**
   * Sends `payload` on `topic` keyed by `key` and resolves with the reply's value. Rejects with
   * RequestTimeoutError when no reply comes within the timeout, BusUnavailableError when the request
   * cannot be published, RequestFailedError when the responder dead-lettered it.
   */
  async request<TReply>(
    topic: string,
    key: string,
    payload: unknown,
    options: RequestOptions = {},
  ): Promise<TReply> {
    await this.start();
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const messageId = randomUUID();
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new RequestTimeoutError(topic, timeoutMs));
      }, timeoutMs);
      this.pending.set(messageId, { topic, resolve, reject, timer });
    });
    this.bus
      .publish([
        {
          topic,
          key,
          value: payload,
          headers: {
            ...options.headers,
            [BusHeaders.messageId]: messageId,
            [BusHeaders.replyTo]: this.replyTopic,
            [BusHeaders.replyInstance]: this.instanceId,
            [BusHeaders.expiresAt]: new Date(Date.now() + timeoutMs).toISOString(),
          },
        },
      ])
      .catch((error: unknown) => this.settle(messageId, (pending) => pending.reject(error as Error)));
    return (await reply) as TReply;
  }

  /** Stops listening; requests still waiting fail with BusUnavailableError. */
  async stop(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    for (const messageId of [...this.pending.keys()]) {
      this.settle(messageId, (pending) => pending.reject(new BusUnavailableError('the requester stopped')));
    }
    if (started) await (await started.catch(() => undefined))?.stop();
  }

  private async onReply(message: IncomingMessage): Promise<void> {
    if (message.headers[BusHeaders.replyInstance] !== this.instanceId) return;
    const messageId = message.headers[BusHeaders.messageId];
    if (messageId === undefined) return;
    const failure = message.headers[BusHeaders.replyError];
    const settled = this.settle(messageId, (pending) => {
      if (failure !== undefined) return pending.reject(new RequestFailedError(pending.topic, failure));
      try {
        pending.resolve(message.value);
      } catch (error) {
        pending.reject(error as Error);
      }
    });
    if (!settled) this.logger.debug?.(`reply ${messageId} came after its request gave up`);
  }

  private settle(messageId: string, outcome: (pending: Pending) => void): boolean {
    const pending = this.pending.get(messageId);
    if (!pending) return false;
    this.pending.delete(messageId);
    clearTimeout(pending.timer);
    outcome(pending);
    return true;
  }
}
