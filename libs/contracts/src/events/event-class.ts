import type { EventEnvelope } from './event-envelope';

/** What the catalog shows as the example of an event type: its data and, on updates, previousAttributes. */
export interface EventExample<TData = unknown> {
  data: TData;
  previousAttributes?: Record<string, unknown>;
}

/**
 * An event class of the catalog (its static side): one class per event type and version, whose
 * class-validator decorators validate the event and generate its JSON Schema.
 */
export interface EventClass<TEvent extends EventEnvelope = EventEnvelope> {
  new (): TEvent;
  readonly name: string;
  readonly eventType: TEvent['type'];
  readonly eventVersion: TEvent['version'];
  /** When the event is emitted and what it carries, in a sentence or two. */
  readonly description: string;
  readonly example: EventExample<TEvent['data']>;
}
