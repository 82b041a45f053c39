import type { EventEnvelope } from '@scimflow/contracts';

/**
 * The body of a webhook: the event envelope exactly as the events API shows it, fields in the same order, so
 * that an application reading events from the API and from webhooks sees the same JSON.
 */
export function webhookPayload(event: EventEnvelope): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    version: event.version,
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    organizationId: event.organizationId,
    directoryId: event.directoryId,
    data: event.data,
    ...(event.previousAttributes ? { previousAttributes: event.previousAttributes } : {}),
  });
}
