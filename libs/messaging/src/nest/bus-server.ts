import { Logger, type LoggerService } from '@nestjs/common';
import {
  type BaseRpcContext,
  type CustomTransportStrategy,
  type MessageHandler,
  Server,
} from '@nestjs/microservices';
import { deadLetterTopic } from '@scimflow/contracts';
import { isObservable, lastValueFrom } from 'rxjs';
import { describeError } from '../core/dead-letter';
import { PermanentMessageError } from '../errors/permanent-message.error';
import {
  BusHeaders,
  DEFAULT_MAX_BATCH_SIZE,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type SubscriptionHandle,
} from '../message-bus';
import { BusBatchContext } from './bus-batch-context';
import { BusContext } from './bus-context';
import { CONSUMER_GROUP_EXTRA } from './consumer-group.decorator';
import { BATCH_EXTRA } from './batch-pattern.decorators';

export interface BusServerOptions {
  bus: MessageBus;
  /** Group of the handlers that name none (neither `@ConsumerGroup` nor a `group` extra). */
  group?: string;
  /**
   * When set, listen() first creates the handlers' topics and their dead-letter topics with this
   * many partitions (MessagingModule sets it), so that consumers never subscribe to a missing topic.
   */
  topicPartitions?: number;
  logger?: LoggerService;
}

/** An `@EventPattern` handler; `batch`: it takes batches (`@EventBatchPattern`), of at most that many messages. */
interface EventHandler {
  handler: MessageHandler;
  batch?: number;
}

/** The handlers of one topic within one consumer group. */
interface Route {
  request?: MessageHandler;
  /** Set when the request handler takes batches (`@MessageBatchPattern`): the most requests per batch. */
  requestBatch?: number;
  events: EventHandler[];
}

/**
 * Serves `@MessagePattern(topic)` (request/reply) and `@EventPattern(topic)` handlers from the bus,
 * in both modes. On listen it subscribes once per consumer group (taken from the handler's
 * `group` extra, set by `@ConsumerGroup`, else from the `group` option) to the topics of that
 * group's handlers. A handler gets the decoded value (`@Payload()`) and a BusContext (`@Ctx()`).
 *
 * - `@EventPattern`: awaited (every handler of the topic in the group, in turn); resolve → commit.
 * - `@EventBatchPattern`: the same, with several messages of one partition at once (the group's subscription
 *   then takes batches; other handlers of the group still get one message at a time, but a transient failure
 *   retries the whole batch, so messages before the failing one are handled again, as after a crash: one more
 *   reason for handlers to be idempotent).
 * - `@MessagePattern`: a request past its `expires-at` is dropped unanswered (its caller has given
 *   up); otherwise the handler's return value is published to the request's `reply-to` topic, keyed
 *   like the request, with its `message-id` and `reply-instance`.
 * - `@MessageBatchPattern`: the same for several requests of one partition at once (one reply each, published
 *   together after the handler resolves).
 * - Errors follow the bus policy: PermanentMessageError → dead letter (and, for a request, a reply
 *   with a `reply-error` header so the caller fails at once); anything else → retried.
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private readonly routes = new Map<string, Map<string, Route>>();
  private readonly handles: SubscriptionHandle[] = [];
  private readonly log: LoggerService;

  constructor(private readonly options: BusServerOptions) {
    super();
    this.log = options.logger ?? new Logger(BusServer.name);
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const topic = this.normalizePattern(pattern as string);
    const group = (extras[CONSUMER_GROUP_EXTRA] as string | undefined) ?? this.options.group;
    if (!group) {
      throw new Error(
        `the handler of ${topic} has no consumer group: add @ConsumerGroup(...) or BusServer's group`,
      );
    }
    let topics = this.routes.get(group);
    if (!topics) this.routes.set(group, (topics = new Map()));
    let route = topics.get(topic);
    if (!route) topics.set(topic, (route = { events: [] }));
    const extra = extras[BATCH_EXTRA];
    const batch = extra === true ? DEFAULT_MAX_BATCH_SIZE : typeof extra === 'number' ? extra : undefined;
    if (isEventHandler) {
      route.events.push({ handler: callback, batch });
    } else if (route.request) throw new Error(`group ${group} has two @MessagePattern handlers for ${topic}`);
    else {
      route.request = callback;
      route.requestBatch = batch;
    }
    if (route.request && route.events.length > 0) {
      throw new Error(`group ${group} has both @MessagePattern and @EventPattern handlers for ${topic}`);
    }
  }

  /** Creates the topics, subscribes every group; calls back once all have joined, or with the first error. */
  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    const partitions = this.options.topicPartitions;
    if (partitions !== undefined) {
      const topics = new Set([...this.routes.values()].flatMap((routes) => [...routes.keys()]));
      try {
        // A dead-letter topic may itself have a handler (a dead-letter store): list each name once.
        const names = new Set([...topics].flatMap((name) => [name, deadLetterTopic(name)]));
        await this.options.bus.ensureTopics([...names].map((name) => ({ name, partitions })));
      } catch (error) {
        callback(error);
        return;
      }
    }
    const subscribing = [...this.routes].map(([group, topics]) => {
      const batchSizes = [...topics.values()].flatMap((route) => [
        ...(route.requestBatch === undefined ? [] : [route.requestBatch]),
        ...route.events.flatMap((event) => (event.batch === undefined ? [] : [event.batch])),
      ]);
      return this.options.bus.subscribe({
        group,
        topics: [...topics.keys()],
        handle: (message) => this.dispatch(group, [message]),
        ...(batchSizes.length > 0 && {
          handleBatch: (messages: IncomingMessage[]) => this.dispatch(group, messages),
          maxBatchSize: Math.min(...batchSizes),
        }),
      });
    });
    const results = await Promise.allSettled(subscribing);
    for (const result of results) if (result.status === 'fulfilled') this.handles.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      await this.close();
      callback(failed.reason);
      return;
    }
    callback();
  }

  /** Stops every subscription: in-flight handlers finish and are committed. */
  async close(): Promise<void> {
    const handles = this.handles.splice(0);
    await Promise.all(handles.map((handle) => handle.stop()));
  }

  on(): never {
    throw new Error('BusServer emits no events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  /** Messages of one topic and partition, in offset order: a batch handler takes them at once, others in turn. */
  private async dispatch(group: string, messages: IncomingMessage[]): Promise<void> {
    const route = this.routes.get(group)?.get(messages[0].topic);
    if (!route) return;
    if (route.request) {
      if (route.requestBatch !== undefined) await this.answerAll(route.request, messages);
      else
        for (const message of messages) await this.answer(route.request, message, new BusContext([message]));
      return;
    }
    for (const { handler, batch } of route.events) {
      if (batch !== undefined) {
        await this.call(
          handler,
          messages.map((message) => message.value),
          new BusBatchContext([messages]),
        );
      } else {
        for (const message of messages) await this.invoke(handler, message, new BusContext([message]));
      }
    }
  }

  private async answer(
    handler: MessageHandler,
    message: IncomingMessage,
    context: BusContext,
  ): Promise<void> {
    if (this.expired(message)) return;
    let result: unknown;
    try {
      result = await this.invoke(handler, message, context);
    } catch (error) {
      if (error instanceof PermanentMessageError) await this.reply(message, null, error.reason);
      throw error;
    }
    await this.reply(message, result);
  }

  /** A `@MessageBatchPattern` handler's turn: the live requests at once, their replies published together. */
  private async answerAll(handler: MessageHandler, messages: IncomingMessage[]): Promise<void> {
    const live = messages.filter((message) => !this.expired(message));
    if (live.length === 0) return;
    let results: unknown;
    try {
      results = await this.call(
        handler,
        live.map((message) => message.value),
        new BusBatchContext([live]),
      );
    } catch (error) {
      // several: the bus takes them again one at a time; one: it is dead-lettered, and its caller fails at once
      if (error instanceof PermanentMessageError && live.length === 1)
        await this.reply(live[0]!, null, error.reason);
      throw error;
    }
    if (!Array.isArray(results) || results.length !== live.length) {
      throw new Error(
        `the batch handler of ${live[0]!.topic} gave ${Array.isArray(results) ? results.length : 'no'} replies ` +
          `for ${live.length} requests`,
      );
    }
    const replies = live.flatMap((message, index) => {
      const reply = this.replyTo(message, results[index]);
      return reply ? [reply] : [];
    });
    if (replies.length > 0) await this.options.bus.publish(replies);
  }

  private expired(message: IncomingMessage): boolean {
    const expiresAt = message.headers[BusHeaders.expiresAt];
    if (expiresAt === undefined || Date.parse(expiresAt) > Date.now()) return false;
    this.log.warn(
      `dropped expired request ${message.topic}/${message.partition}@${message.offset} (expired ${expiresAt})`,
    );
    return true;
  }

  private async reply(request: IncomingMessage, value: unknown, error?: string): Promise<void> {
    const reply = this.replyTo(request, value, error);
    if (reply) await this.options.bus.publish([reply]);
  }

  /** The reply to `request`, or null when it asks for none. */
  private replyTo(request: IncomingMessage, value: unknown, error?: string): OutgoingMessage | null {
    const replyTo = request.headers[BusHeaders.replyTo];
    const messageId = request.headers[BusHeaders.messageId];
    if (replyTo === undefined || messageId === undefined) return null;
    const headers: Record<string, string> = { [BusHeaders.messageId]: messageId };
    for (const name of [BusHeaders.replyInstance, BusHeaders.correlationId]) {
      const header = request.headers[name];
      if (header !== undefined) headers[name] = header;
    }
    if (error !== undefined) headers[BusHeaders.replyError] = error;
    return { topic: replyTo, key: request.key, value, headers };
  }

  /** Runs a Nest handler (guards, pipes, interceptors, filters included) and waits for its result. */
  private async invoke(
    handler: MessageHandler,
    message: IncomingMessage,
    context: BusContext,
  ): Promise<unknown> {
    return this.call(handler, message.value, context);
  }

  private async call(handler: MessageHandler, data: unknown, context: BaseRpcContext): Promise<unknown> {
    try {
      const output: unknown = await handler(data, context);
      return isObservable(output) ? await lastValueFrom(output, { defaultValue: undefined }) : output;
    } catch (error) {
      throw asError(error);
    }
  }
}

/** Nest's exception layer rethrows unknown errors as plain `{ status, message }` objects. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`handler failed: ${describeError(error)}`);
}
