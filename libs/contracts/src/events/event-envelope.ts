import type { EventType } from './event-types';

/**
 * The envelope of every event, as the events API shows it and as webhooks deliver it.
 * `sequence` is strictly increasing per directory, in the one order every consumer sees.
 */
export interface EventEnvelope<TData = unknown> {
  /** Unique and stable across retries and replays: receivers dedupe on it. */
  id: string;
  type: EventType;
  version: number;
  sequence: number;
  occurredAt: string;
  organizationId: string;
  directoryId: string;
  data: TData;
  /** On updates: the old values of the changed fields only. */
  previousAttributes?: Record<string, unknown>;
}
