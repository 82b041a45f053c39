import type { EventEnvelope, EventType } from '@scimflow/contracts';
import type { PayloadResolver } from '@scimflow/persistence';
import { In } from 'typeorm';
import { EventEntity } from '../entities/event.entity';

/** An event of the log as the envelope the events API returns and the bus carries. */
export function toEventEnvelope(event: EventEntity): EventEnvelope<Record<string, unknown>> {
  return {
    id: event.id,
    // Only the event writer fills this table, and it writes catalog types only.
    type: event.type as EventType,
    version: event.version,
    sequence: event.sequence,
    occurredAt: event.occurredAt.toISOString(),
    organizationId: event.organizationId,
    directoryId: event.directoryId,
    data: event.data,
    ...(event.previousAttributes ? { previousAttributes: event.previousAttributes } : {}),
  };
}

/**
 * The outbox relay's resolver of directory events, which the outbox holds by event id (the event is written once,
 * to the log): reads them from the log, all of a batch in one query.
 */
export const resolveEventPayloads: PayloadResolver = async (dataSource, references) => {
  const events = await dataSource.getRepository(EventEntity).findBy({ id: In([...references]) });
  return new Map(events.map((event) => [event.id, toEventEnvelope(event)]));
};
