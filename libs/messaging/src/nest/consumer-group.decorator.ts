import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA } from '@nestjs/microservices/constants';

/** Key of the consumer group in a pattern's extras: `@EventPattern(topic, { group: 'webhooks' })`. */
export const CONSUMER_GROUP_EXTRA = 'group';

/**
 * Puts every `@MessagePattern`/`@EventPattern` handler of the class in consumer group `group`
 * (usually the service name), unless a handler names its own group in its extras. The group
 * travels in the pattern's extras, which Nest hands to the transport with each handler: that is how
 * one BusServer serves the handlers of several services, each in its own group, in the embedded
 * mode, with the same code as in the distributed mode.
 */
export function ConsumerGroup(group: string): ClassDecorator {
  return (target) => {
    const prototype = (target as unknown as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof method !== 'function' || Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) === undefined)
        continue;
      const extras = (Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) ?? {}) as Record<string, unknown>;
      Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, { [CONSUMER_GROUP_EXTRA]: group, ...extras }, method);
    }
  };
}
