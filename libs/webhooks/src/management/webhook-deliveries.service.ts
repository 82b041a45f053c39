import { Inject, Injectable } from '@nestjs/common';
import { ManagementApiException } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { DeliveryStore } from '../delivery/delivery-store';
import { returnedRows } from '../delivery/returned-rows';
import type { DeliveryStatus } from '../entities/webhook-delivery.entity';
import { eventTypeMatchSql } from '../filtering/event-type-pattern';
import { WEBHOOKS_DATA_SOURCE } from '../webhooks.tokens';
import type { ListWebhookDeliveriesQueryDto } from './dto/list-webhook-deliveries-query.dto';
import { DEFAULT_PAGE_LIMIT } from './dto/page-query.dto';
import type { ReplayResultDto } from './dto/replay-result.dto';
import type { ReplayWebhookEventsDto } from './dto/replay-webhook-events.dto';
import type { WebhookDeliveryAttemptDto } from './dto/webhook-delivery-attempt.dto';
import type { WebhookDeliveryPageDto } from './dto/webhook-delivery-page.dto';
import type { WebhookDeliveryDto } from './dto/webhook-delivery.dto';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './page-cursor';
import { findEndpointOrThrow } from './webhook-endpoints.service';

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  directory_id: string;
  sequence: string;
  replay_id: string | null;
  status: DeliveryStatus;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempted_at: Date;
  http_status: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
}

const DELIVERY_COLUMNS =
  'd.id, d.endpoint_id, d.event_id, ev.type AS event_type, d.directory_id, d.sequence, d.replay_id, d.status, ' +
  'd.next_attempt_at, d.created_at, d.updated_at';
/** Streams whose heads a replay makes due in one transaction (one advisory lock each). */
const PROMOTION_CHUNK = 500;

/** The delivery log of an endpoint, manual retries and replays. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @Inject(WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly store: DeliveryStore,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  /** An endpoint's deliveries, newest first, each with its attempts. */
  async listForEndpoint(
    endpointId: string,
    query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    await findEndpointOrThrow(this.dataSource.manager, endpointId);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const conditions = ['d.endpoint_id = $1'];
    const parameters: unknown[] = [endpointId];
    if (query.status !== undefined) {
      parameters.push(query.status);
      conditions.push(`d.status = $${parameters.length}`);
    }
    if (query.cursor !== undefined) {
      const cursor = decodeDeliveryCursor(query.cursor);
      if (!cursor) throw ManagementApiException.validation(['cursor is not a cursor this API returned']);
      parameters.push(cursor.createdAt, cursor.sequence, cursor.id);
      const at = parameters.length;
      conditions.push(`(d.created_at, d.sequence, d.id) < ($${at - 2}, $${at - 1}, $${at})`);
    }
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhooks.deliveries d JOIN webhooks.events ev ON ev.id = d.event_id ` +
        `WHERE ${conditions.join(' AND ')} ORDER BY d.created_at DESC, d.sequence DESC, d.id DESC LIMIT ${limit + 1}`,
      parameters,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: await this.withAttempts(page),
      nextCursor:
        rows.length > limit && last
          ? encodeDeliveryCursor({ createdAt: last.created_at, sequence: Number(last.sequence), id: last.id })
          : null,
    };
  }

  async get(deliveryId: string): Promise<WebhookDeliveryDto> {
    const rows = isUUID(deliveryId)
      ? await this.dataSource.query<DeliveryRow[]>(
          `SELECT ${DELIVERY_COLUMNS} FROM webhooks.deliveries d JOIN webhooks.events ev ON ev.id = d.event_id WHERE d.id = $1`,
          [deliveryId],
        )
      : [];
    const [delivery] = await this.withAttempts(rows);
    if (!delivery) throw ManagementApiException.notFound('Webhook delivery', deliveryId);
    return delivery;
  }

  /**
   * Attempts a failed or dead delivery again now. A dead one gets one more attempt (then it is dead again if that
   * fails); a failed one skips its wait and continues its schedule. It still waits for earlier events of its
   * directory, and later ones wait for it.
   */
  async retry(deliveryId: string): Promise<WebhookDeliveryDto> {
    const reopened = isUUID(deliveryId)
      ? returnedRows<{ id: string }>(
          await this.dataSource.query(
            `UPDATE webhooks.deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now() ` +
              `WHERE id = $1 AND status IN ('failed', 'dead') RETURNING id`,
            [deliveryId],
          ),
        )
      : [];
    if (reopened.length === 0) {
      const current = await this.get(deliveryId);
      throw ManagementApiException.conflict(
        `Only failed or dead deliveries can be retried; this one is ${current.status} (replay sends events again).`,
      );
    }
    this.dispatcher.wake();
    return this.get(deliveryId);
  }

  /**
   * Sends the stored events of [since, until) that the endpoint's filter (and `eventTypes`, if given) selects again,
   * as new deliveries (same event ids, so the same webhook-id), in sequence order per directory.
   */
  async replay(endpointId: string, body: ReplayWebhookEventsDto): Promise<ReplayResultDto> {
    const endpoint = await findEndpointOrThrow(this.dataSource.manager, endpointId);
    const since = new Date(body.since);
    const until = body.until === undefined ? new Date() : new Date(body.until);
    if (since.getTime() >= until.getTime())
      throw ManagementApiException.validation(['since must be before until']);
    const replayId = randomUUID();
    const [inserted] = await this.dataSource.query<Array<{ count: number }>>(
      `WITH inserted AS (
         INSERT INTO webhooks.deliveries
           (id, endpoint_id, event_id, directory_id, sequence, replay_id, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT gen_random_uuid(), e.id, ev.id, ev.directory_id, ev.sequence, $2, 'pending', 0, NULL, $6, $6
         FROM webhooks.events ev JOIN webhooks.endpoints e ON e.id = $1
         WHERE ev.occurred_at >= $3 AND ev.occurred_at < $4
           AND (e.organization_id IS NULL OR ev.organization_id = e.organization_id)
           AND ${eventTypeMatchSql('ev.type', 'e.event_types')}
           AND ${eventTypeMatchSql('ev.type', '$5::text[]')}
         RETURNING 1
       )
       SELECT count(*)::int AS count FROM inserted`,
      [endpoint.id, replayId, since, until, body.eventTypes ?? [], new Date()],
    );
    // The new deliveries wait (no time) until made heads of their streams, under the stream locks: see delivery-stream.ts
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const chunk = await this.dataSource.query<Array<{ directory_id: string }>>(
        `SELECT DISTINCT directory_id FROM webhooks.deliveries WHERE replay_id = $1 AND directory_id > $2 ` +
          `ORDER BY directory_id LIMIT ${PROMOTION_CHUNK}`,
        [replayId, after],
      );
      if (chunk.length === 0) break;
      await this.store.promoteStreamHeads(
        endpoint.id,
        chunk.map((row) => row.directory_id),
      );
      after = chunk.at(-1)?.directory_id ?? after;
      if (chunk.length < PROMOTION_CHUNK) break;
    }
    this.dispatcher.wake();
    return { replayId, deliveries: inserted?.count ?? 0 };
  }

  private async withAttempts(rows: DeliveryRow[]): Promise<WebhookDeliveryDto[]> {
    if (rows.length === 0) return [];
    const attempts = await this.dataSource.query<AttemptRow[]>(
      'SELECT delivery_id, attempted_at, http_status, duration_ms, response_body, error FROM webhooks.delivery_attempts ' +
        'WHERE delivery_id = ANY($1::uuid[]) ORDER BY attempted_at, id',
      [rows.map((row) => row.id)],
    );
    const byDelivery = new Map<string, WebhookDeliveryAttemptDto[]>();
    for (const attempt of attempts) {
      const list = byDelivery.get(attempt.delivery_id) ?? [];
      list.push({
        attemptedAt: attempt.attempted_at.toISOString(),
        httpStatus: attempt.http_status,
        durationMs: attempt.duration_ms,
        responseBody: attempt.response_body,
        error: attempt.error,
      });
      byDelivery.set(attempt.delivery_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      eventType: row.event_type,
      directoryId: row.directory_id,
      sequence: Number(row.sequence),
      replayId: row.replay_id,
      status: row.status,
      attempts: byDelivery.get(row.id) ?? [],
      nextAttemptAt:
        row.status === 'pending' || row.status === 'failed'
          ? (row.next_attempt_at?.toISOString() ?? null)
          : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }
}
