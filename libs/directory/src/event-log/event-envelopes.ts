import type { EventEnvelope, EventType } from '@scimflow/contracts';
import { entityFromRow, type PayloadResolver } from '@scimflow/persistence';
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
  // plain SQL: the relay runs this for every batch, on the thread that also applies commands
  const rows = await dataSource.query<Array<Record<string, unknown>>>(
    'SELECT * FROM directory.events WHERE id = ANY($1::uuid[])',
    [references],
  );
  return new Map(
    rows.map((row) => {
      const event = entityFromRow(dataSource, EventEntity, row);
      return [event.id, toEventEnvelope(event)];
    }),
  );
};
