import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@scimflow/contracts';
import { Inbox, runInTransaction } from '@scimflow/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_STATUSES_SQL, streamLockSql } from '../delivery/delivery-stream';
import { RetryPolicy } from '../delivery/retry-policy';
import { webhookPayload } from '../delivery/webhook-payload';
import { eventTypeMatchSql } from '../filtering/event-type-pattern';
import { WEBHOOKS_DATA_SOURCE } from '../webhooks.tokens';

/** The consumer name of webhook-dispatcher in the inbox, and its consumer group on the bus. */
export const WEBHOOK_DISPATCHER_CONSUMER = 'webhook-dispatcher';

/**
 * Turns directory events into pending deliveries, a batch of events in one transaction of four statements
 * whatever its size: the inbox claims (an event seen before changes nothing), the matching endpoints (locking the
 * streams the new deliveries join), and one insert of the events (what deliveries send and replays re-send) with
 * one delivery per enabled endpoint whose organization and event types match. No HTTP here: the dispatcher sends.
 */
@Injectable()
export class EventIngestService {
  constructor(
    @Inject(WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly retryPolicy: RetryPolicy,
  ) {}

  /** Returns how many deliveries the event created (0 when it matched no endpoint or was seen before). */
  async ingest(event: EventEnvelope): Promise<number> {
    return this.ingestBatch([event]);
  }

  /**
   * Ingests `events` (in the order of their directory's log) all or nothing; returns how many deliveries they
   * created. Events claimed before (a redelivered batch, or part of one) are skipped.
   */
  async ingestBatch(events: readonly EventEnvelope[]): Promise<number> {
    if (events.length === 0) return 0;
    return runInTransaction(this.dataSource, async (manager) => {
      const claimed = await Inbox.claimAll(
        manager,
        WEBHOOK_DISPATCHER_CONSUMER,
        events.map((event) => event.id),
      );
      // delete(): an event twice in one batch is applied once
      const fresh = events.filter((event) => claimed.delete(event.id));
      if (fresh.length === 0) return 0;
      const targets = await this.targetsOf(manager, fresh);
      if (targets.length === 0) return 0;
      return this.store(manager, fresh, targets);
    });
  }

  /**
   * The enabled endpoints each event (by its index in `events`) goes to. Locks the streams the new deliveries join,
   * in (endpoint, directory) order, in the same statement: see delivery-stream.ts.
   */
  private async targetsOf(
    manager: EntityManager,
    events: readonly EventEnvelope[],
  ): Promise<Array<{ index: number; endpointId: string }>> {
    const rows = await manager.query<Array<{ ord: number; endpoint_id: string }>>(
      `WITH input AS (
         SELECT (n - 1)::int AS ord, organization_id, type, directory_id
         FROM unnest($1::uuid[], $2::text[], $3::uuid[]) WITH ORDINALITY AS e(organization_id, type, directory_id, n)
       ), target AS (
         SELECT input.ord, input.directory_id, endpoint.id AS endpoint_id
         FROM input JOIN webhooks.endpoints endpoint
           ON endpoint.enabled AND (endpoint.organization_id IS NULL OR endpoint.organization_id = input.organization_id)
          AND ${eventTypeMatchSql('input.type', 'endpoint.event_types')}
       ), locked AS (
         SELECT count(${streamLockSql('stream.endpoint_id::text', 'stream.directory_id::text')}) AS streams
         FROM (SELECT DISTINCT endpoint_id, directory_id FROM target ORDER BY endpoint_id, directory_id) AS stream
       )
       SELECT target.ord, target.endpoint_id FROM target, locked
       ORDER BY target.ord, target.endpoint_id`,
      [
        events.map((event) => event.organizationId),
        events.map((event) => event.type),
        events.map((event) => event.directoryId),
      ],
    );
    return rows.map((row) => ({ index: row.ord, endpointId: row.endpoint_id }));
  }

  /**
   * Stores the events that have targets and their deliveries. A new delivery waits (no next attempt) behind an
   * earlier open one of its stream: stored before, or earlier in this batch — one statement does not see its own
   * rows, so the batch's own are checked apart.
   */
  private async store(
    manager: EntityManager,
    events: readonly EventEnvelope[],
    targets: ReadonlyArray<{ index: number; endpointId: string }>,
  ): Promise<number> {
    const targeted = [...new Set(targets.map((target) => target.index))];
    const created = await manager.query<Array<{ id: string }>>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           ord int, id uuid, directory_id uuid, organization_id uuid, sequence bigint, type text,
           occurred_at timestamptz, body text)
       ), stored AS (
         INSERT INTO webhooks.events (id, directory_id, organization_id, sequence, type, occurred_at, body)
         SELECT id, directory_id, organization_id, sequence, type, occurred_at, body::jsonb FROM input ORDER BY ord
         ON CONFLICT (id) DO NOTHING
       ), delivery AS (
         SELECT input.ord, input.id, input.directory_id, input.sequence, target.endpoint_id
         FROM unnest($2::int[], $3::uuid[]) AS target(ord, endpoint_id) JOIN input USING (ord)
       )
       INSERT INTO webhooks.deliveries
         (id, endpoint_id, event_id, directory_id, sequence, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT gen_random_uuid(), delivery.endpoint_id, delivery.id, delivery.directory_id, delivery.sequence, 'pending', 0,
         CASE WHEN EXISTS (
           SELECT 1 FROM webhooks.deliveries earlier
           WHERE earlier.endpoint_id = delivery.endpoint_id AND earlier.directory_id = delivery.directory_id
             AND earlier.status IN ${OPEN_STATUSES_SQL} AND earlier.sequence <= delivery.sequence
         ) OR EXISTS (
           SELECT 1 FROM delivery AS batch
           WHERE batch.endpoint_id = delivery.endpoint_id AND batch.directory_id = delivery.directory_id
             AND batch.ord < delivery.ord AND batch.sequence <= delivery.sequence
         ) THEN NULL ELSE now() + make_interval(secs => $4) END,
         $5, $5
       FROM delivery
       ORDER BY delivery.ord, delivery.endpoint_id
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        JSON.stringify(
          targeted.map((index) => {
            const event = events[index];
            return {
              ord: index,
              id: event.id,
              directory_id: event.directoryId,
              organization_id: event.organizationId,
              sequence: event.sequence,
              type: event.type,
              occurred_at: event.occurredAt,
              body: webhookPayload(event),
            };
          }),
        ),
        targets.map((target) => target.index),
        targets.map((target) => target.endpointId),
        this.retryPolicy.firstDelayMs() / 1000,
        new Date(),
      ],
    );
    return created.length;
  }
}
