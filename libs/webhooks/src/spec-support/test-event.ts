import { EventTypes, type EventEnvelope, type EventType } from '@scimflow/contracts';
import { randomUUID } from 'node:crypto';

/** A valid directory event of a new id, for the specs that ingest and deliver events. */
export function testEvent(
  organizationId: string,
  directoryId: string,
  sequence: number,
  type: EventType = EventTypes.userCreated,
): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    sequence,
    occurredAt: new Date().toISOString(),
    organizationId,
    directoryId,
    data: { id: randomUUID() },
  };
}
