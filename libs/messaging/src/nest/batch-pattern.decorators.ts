import { EventPattern, MessagePattern } from '@nestjs/microservices';

/**
 * Key in a pattern's extras that makes an `@EventPattern` or `@MessagePattern` handler take batches: `true`, or the
 * most messages per batch (default DEFAULT_MAX_BATCH_SIZE).
 */
export const BATCH_EXTRA = 'batch';

/**
 * `@EventPattern(topic)` for a handler that takes several events at once: `@Payload()` is the array of their values
 * and `@Ctx()` a BusBatchContext with the messages, all of one partition, in offset order (so in order per key).
 * Resolve → all handled; throw → all retried; throw PermanentMessageError → the bus calls the handler again with
 * one message at a time, so that only the one that cannot succeed is dead-lettered. A handler therefore gets
 * batches of one too, and a batch must be applied all or nothing (one transaction).
 */
export function EventBatchPattern(
  topic: string,
  options: { maxBatchSize?: number; extras?: Record<string, unknown> } = {},
): MethodDecorator {
  return EventPattern(topic, { ...options.extras, [BATCH_EXTRA]: options.maxBatchSize ?? true });
}

/**
 * `@MessagePattern(topic)` for a handler that answers several requests at once: `@Payload()` is the array of their
 * values (requests past their `expires-at` left out) and `@Ctx()` a BusBatchContext, as for EventBatchPattern. It
 * returns one reply per request, in their order; the replies are published together once it resolves. Throw →
 * all retried; throw PermanentMessageError → the bus calls it again with one request at a time, and the one that
 * cannot succeed is dead-lettered and answered with the error, as a `@MessagePattern` handler's would be.
 */
export function MessageBatchPattern(
  topic: string,
  options: { maxBatchSize?: number; extras?: Record<string, unknown> } = {},
): MethodDecorator {
  return MessagePattern(topic, { ...options.extras, [BATCH_EXTRA]: options.maxBatchSize ?? true });
}
