import { EventPattern } from '@nestjs/microservices';

/**
 * Key in a pattern's extras that makes an `@EventPattern` handler take batches: `true`, or the most messages per
 * batch (default DEFAULT_MAX_BATCH_SIZE).
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
