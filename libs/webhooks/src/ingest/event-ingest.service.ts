import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@scimflow/contracts';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES_SQL, streamLockSql } from '../delivery/delivery-stream';
import { RetryPolicy } from '../delivery/retry-policy';
import { webhookPayload } from '../delivery/webhook-payload';
import { eventTypeMatchSql } from '../filtering/event-type-pattern';
import { WEBHOOKS_DATA_SOURCE } from '../webhooks.tokens';

/** The consumer name of webhook-dispatcher in the inbox, and its consumer group on the bus. */
export const WEBHOOK_DISPATCHER_CONSUMER = 'webhook-dispatcher';

/**
 * Turns a directory event into pending deliveries, in one transaction: the inbox claim (a redelivered event
 * changes nothing), a copy of the event (what deliveries send and replays re-send), and one delivery per enabled
 * endpoint whose organization and event types match. No HTTP here: the dispatcher sends.
 */
@Injectable()
export class EventIngestService {
  constructor(
    @Inject(WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly retryPolicy: RetryPolicy,
  ) {}

  /** Returns how many deliveries the event created (0 when it matched no endpoint or was seen before). */
  async ingest(event: EventEnvelope): Promise<number> {
    return runInTransaction(this.dataSource, async (manager) => {
      if (!(await Inbox.claim(manager, WEBHOOK_DISPATCHER_CONSUMER, event.id))) return 0;
      // Locks the streams the new deliveries join, in endpoint order: see delivery-stream.ts.
      const targets = await manager.query<Array<{ id: string }>>(
        `SELECT target.id, ${streamLockSql('target.id::text', '$3::text')} AS locked
         FROM (SELECT id FROM webhooks.endpoints
               WHERE enabled AND (organization_id IS NULL OR organization_id = $1::uuid)
                 AND ${eventTypeMatchSql('$2::text', 'event_types')}
               ORDER BY id) AS target`,
        [event.organizationId, event.type, event.directoryId],
      );
      if (targets.length === 0) return 0;
      const now = new Date();
      const created = await manager.query<Array<{ id: string }>>(
        `WITH stored AS (
           INSERT INTO webhooks.events (id, directory_id, organization_id, sequence, type, occurred_at, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
           ON CONFLICT (id) DO NOTHING
         )
         INSERT INTO webhooks.deliveries
           (id, endpoint_id, event_id, directory_id, sequence, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT gen_random_uuid(), target.id, $1, $2, $4, 'pending', 0,
           CASE WHEN EXISTS (
             SELECT 1 FROM webhooks.deliveries earlier
             WHERE earlier.endpoint_id = target.id AND earlier.directory_id = $2
               AND earlier.status IN ${OPEN_STATUSES_SQL} AND earlier.sequence <= $4
           ) THEN NULL ELSE now() + make_interval(secs => $8) END,
           $9, $9
         FROM unnest($10::uuid[]) AS target(id)
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          event.id,
          event.directoryId,
          event.organizationId,
          event.sequence,
          event.type,
          event.occurredAt,
          webhookPayload(event),
          this.retryPolicy.firstDelayMs() / 1000,
          now,
          targets.map((target) => target.id),
        ],
      );
      return created.length;
    });
  }
}
