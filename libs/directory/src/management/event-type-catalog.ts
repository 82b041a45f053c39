import { eventCatalog } from '@scimflow/contracts';
import type { EventTypeDto } from './dto/event-type.dto';

/**
 * Every event type with its versions, descriptions and JSON Schemas, in catalog order: all of it comes from
 * the event classes of libs/contracts, so the API, docs/events.md and docs/event-schemas/ cannot drift apart.
 */
export function eventTypeCatalog(): EventTypeDto[] {
  return eventCatalog();
}
