import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@scimflow/contracts';
import { runInPipelinedTransaction, runInTransaction, type SqlStatement } from '@scimflow/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { WebhookAttemptResult } from '../egress/webhook-http-client';
import type { DeliveryStatus } from '../entities/webhook-delivery.entity';
import { WEBHOOKS_DATA_SOURCE, WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks.tokens';
import { OPEN_STATUSES_SQL, streamLockSql } from './delivery-stream';
import { RetryPolicy } from './retry-policy';
import { returnedRows } from './returned-rows';

/** A delivery claimed for sending, with what sending needs. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  directoryId: string;
  eventId: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secretEncrypted: string;
  /** Set while a rotated-out secret is in its grace period. */
  previousSecretEncrypted: string | null;
  event: EventEnvelope;
}

/** An attempt the dispatcher made, to be recorded. */
export interface SentAttempt {
  delivery: ClaimedDelivery;
  result: WebhookAttemptResult;
  attemptedAt: Date;
}

/** What recording attempts changed. */
export interface RecordedAttempts {
  /**
   * The new status of the last delivery recorded; undefined when this instance had lost the lease of one of them
   * (another instance owns the stream now).
   */
  status: DeliveryStatus | undefined;
  /** Set when the last attempt disabled the endpoint. */
  disabledReason: string | undefined;
  /**
   * The stream's next deliveries, in order, leased to the same owner, when every attempt succeeded and a window was
   * asked for: the caller sends them next without a claim. Empty otherwise.
   */
  next: ClaimedDelivery[];
}

interface ClaimRow {
  id: string;
  endpoint_id: string;
  directory_id: string;
  event_id: string;
  attempts: number;
  url: string;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  body: EventEnvelope;
}

const GONE = 410;
/** Beyond the attempt's own time limit, how long a claim holds before another instance may take the delivery. */
const LEASE_MARGIN_MS = 60_000;

/**
 * The dispatcher's state, all in Postgres, so that any number of instances share the work. Claiming is one
 * statement (`... FOR UPDATE SKIP LOCKED` then a lease in `locked_until`): no transaction stays open while an
 * endpoint is called, which also keeps the embedded database's single session free.
 */
@Injectable()
export class DeliveryStore {
  constructor(
    @Inject(WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
    private readonly retryPolicy: RetryPolicy,
  ) {}

  /**
   * Leases up to `limit` deliveries that may be attempted now, oldest due first: due, not leased, endpoint enabled,
   * the head of their stream with nothing else of the stream in flight, and within their endpoint's concurrency
   * limit (counting every instance's leases). Each enabled endpoint is looked at on its own, taking at most its free
   * slots, so a slow endpoint's backlog can never crowd other endpoints out of a claim.
   */
  async claim(owner: string, limit: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const result: unknown = await this.dataSource.query(
      `WITH picked AS (
         SELECT candidate.id
         FROM webhooks.endpoints e
         CROSS JOIN LATERAL (
           SELECT d.id
           FROM webhooks.deliveries d
           WHERE d.endpoint_id = e.id
             AND d.status IN ${OPEN_STATUSES_SQL}
             AND d.next_attempt_at <= now()
             AND (d.locked_until IS NULL OR d.locked_until < now())
             -- the head of its stream (a scalar subquery: one short index probe per row, whatever the statistics)...
             AND d.id = (
               SELECT head.id FROM webhooks.deliveries head
               WHERE head.endpoint_id = d.endpoint_id AND head.directory_id = d.directory_id
                 AND head.status IN ${OPEN_STATUSES_SQL}
               ORDER BY head.sequence, head.created_at, head.id
               LIMIT 1)
             -- ...with nothing of the stream in flight (only open deliveries keep a lease: finishing clears it)
             AND NOT EXISTS (
               SELECT 1 FROM webhooks.deliveries leased
               WHERE leased.endpoint_id = d.endpoint_id AND leased.directory_id = d.directory_id
                 AND leased.locked_until >= now())
           ORDER BY d.next_attempt_at
           -- a stream in flight holds a window of leases: the endpoint's slots count streams, not leases
           LIMIT GREATEST($3 - (
             SELECT count(DISTINCT busy.directory_id) FROM webhooks.deliveries busy
             WHERE busy.endpoint_id = e.id AND busy.locked_until >= now()
           ), 0)
         ) candidate
         WHERE e.enabled
       ), chosen AS (
         SELECT d.id FROM webhooks.deliveries d
         WHERE d.id = ANY(ARRAY(SELECT picked.id FROM picked))
           -- checked again on the row locked: another instance may have leased it since this statement began
           AND d.status IN ${OPEN_STATUSES_SQL} AND (d.locked_until IS NULL OR d.locked_until < now())
         ORDER BY d.next_attempt_at
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhooks.deliveries target
       SET locked_until = now() + make_interval(secs => $4), locked_by = $1, updated_at = now()
       FROM webhooks.endpoints e, webhooks.events ev
       WHERE target.id = ANY(ARRAY(SELECT chosen.id FROM chosen)) AND e.id = target.endpoint_id AND ev.id = target.event_id
       RETURNING target.id, target.endpoint_id, target.directory_id, target.event_id, target.attempts, e.url,
         e.secret_encrypted,
         CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_encrypted END AS previous_secret_encrypted,
         ev.body`,
      [owner, limit, this.options.endpointConcurrency, this.leaseSeconds()],
    );
    return returnedRows<ClaimRow>(result).map(claimedDelivery);
  }

  /**
   * Records attempts at consecutive deliveries of one stream, in the order they were sent — every one but the last
   * succeeded (the dispatcher stops a stream at its first failure) — and moves them on: succeeded; failed with its
   * next attempt per the retry schedule; or dead after the last. A finished delivery hands its stream to the next
   * one. With `window` > 0 and every attempt a success, the stream's next `window` open deliveries (those this owner
   * still holds first) are leased to the owner and returned, so a backlog flows without a claim and is recorded a
   * window at a time. The endpoint's failure run is tracked: a 410 Gone, or failing for WEBHOOK_DISABLE_AFTER
   * without a success, disables it.
   */
  async recordAttempts(
    owner: string,
    attempts: readonly SentAttempt[],
    { window = 0 }: { window?: number } = {},
  ): Promise<RecordedAttempts> {
    const last = attempts[attempts.length - 1];
    if (!last) throw new Error('recordAttempts needs at least one attempt');
    const { endpointId, directoryId } = last.delivery;
    const statuses = attempts.map(({ delivery, result }) => {
      const decision = result.succeeded ? undefined : this.retryPolicy.afterFailure(delivery.attempts + 1);
      const status: DeliveryStatus = result.succeeded ? 'succeeded' : decision?.dead ? 'dead' : 'failed';
      return { status, retrySeconds: decision && !decision.dead ? decision.delayMs / 1000 : 0 };
    });
    const lastStatus = statuses[statuses.length - 1]!.status;
    // The stream's lock is taken with the BEGIN and the outcome written with the COMMIT: two round trips.
    const lock: SqlStatement = {
      sql: `SELECT ${streamLockSql('$1::text', '$2::text')}`,
      parameters: [endpointId, directoryId],
    };
    // One statement: the attempts, the deliveries' new states, the stream's next delivery made due when the last
    // one is finished (it waited without a time) — and, when a window is asked for and granted, the next `window`
    // deliveries leased to this owner and returned with what sending them needs —, and the endpoint's failure run
    // ended by a success.
    const finish: SqlStatement = {
      sql: `WITH sent AS (
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[], $5::text[], $6::text[],
             $7::text[], $8::float8[]) AS s(id, attempted_at, http_status, duration_ms, response_body, error, status,
             retry_seconds)
         ), finished AS (
           UPDATE webhooks.deliveries d
           SET status = s.status, attempts = d.attempts + 1, last_status = s.http_status, locked_until = NULL,
             updated_at = now(),
             next_attempt_at = CASE WHEN s.status = 'failed' THEN now() + make_interval(secs => s.retry_seconds) END
           FROM sent s
           WHERE d.id = s.id AND d.locked_by = $9 AND d.status IN ${OPEN_STATUSES_SQL}
           RETURNING d.id
         ), attempt AS (
           INSERT INTO webhooks.delivery_attempts (delivery_id, attempted_at, http_status, duration_ms, response_body, error)
           SELECT s.id, s.attempted_at, s.http_status, s.duration_ms, s.response_body, s.error
           FROM sent s WHERE EXISTS (SELECT 1 FROM webhooks.deliveries d WHERE d.id = s.id)
         ), following AS (
           SELECT d.id, d.locked_until, d.locked_by,
             row_number() OVER (ORDER BY d.sequence, d.created_at, d.id) AS position
           FROM webhooks.deliveries d
           WHERE d.endpoint_id = $10 AND d.directory_id = $11 AND d.status IN ${OPEN_STATUSES_SQL}
             AND d.id <> ALL($1::uuid[])
           ORDER BY d.sequence, d.created_at, d.id
           LIMIT GREATEST($12::int, 1)
         ), granted AS (
           SELECT $12::int > 0 AND $13 = 'succeeded'
             AND (SELECT count(*) FROM finished) = cardinality($1::uuid[])
             AND EXISTS (SELECT 1 FROM webhooks.endpoints WHERE id = $10 AND enabled)
             AND NOT EXISTS (SELECT 1 FROM following f WHERE f.locked_until >= now() AND f.locked_by <> $9) AS yes
         ), next_window AS (
           UPDATE webhooks.deliveries d
           SET next_attempt_at = CASE WHEN f.position = 1 THEN COALESCE(d.next_attempt_at, now()) ELSE d.next_attempt_at END,
             updated_at = now(),
             locked_until = CASE WHEN g.yes THEN now() + make_interval(secs => $14) ELSE d.locked_until END,
             locked_by = CASE WHEN g.yes THEN $9 ELSE d.locked_by END
           FROM following f, granted g
           WHERE d.id = f.id AND $13 <> 'failed' AND (g.yes OR (f.position = 1 AND d.next_attempt_at IS NULL))
           RETURNING d.id, d.endpoint_id, d.directory_id, d.event_id, d.attempts, g.yes AS granted, f.position
         ), healthy AS (
           UPDATE webhooks.endpoints SET failing_since = NULL, updated_at = now()
           WHERE id = $10 AND failing_since IS NOT NULL AND 'succeeded' = ANY($7::text[])
         )
         SELECT (SELECT count(*) FROM finished)::int AS finished, n.id, n.endpoint_id, n.directory_id, n.event_id,
           n.attempts, e.url, e.secret_encrypted,
           CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_encrypted END AS previous_secret_encrypted,
           ev.body
         FROM (SELECT 1) one
         LEFT JOIN next_window n ON n.granted
         LEFT JOIN webhooks.endpoints e ON e.id = n.endpoint_id
         LEFT JOIN webhooks.events ev ON ev.id = n.event_id
         ORDER BY n.position`,
      parameters: [
        attempts.map(({ delivery }) => delivery.id),
        attempts.map(({ attemptedAt }) => attemptedAt),
        attempts.map(({ result }) => result.httpStatus),
        attempts.map(({ result }) => result.durationMs),
        attempts.map(({ result }) => result.responseBody),
        attempts.map(({ result }) => result.error),
        statuses.map(({ status }) => status),
        statuses.map(({ retrySeconds }) => retrySeconds),
        owner,
        endpointId,
        directoryId,
        window,
        lastStatus,
        this.leaseSeconds(),
      ],
    };
    const recorded = (rows: ReadonlyArray<Record<string, unknown>>): RecordedAttempts | undefined => {
      const [first] = rows as unknown as Array<ClaimRow & { finished: number }>;
      // a lease was lost (another instance has the stream now): this late result moves nothing on
      if (!first || first.finished < attempts.length) return undefined;
      const leased = (rows as unknown as ClaimRow[]).filter((row) => row.id !== null);
      return { status: lastStatus, disabledReason: undefined, next: leased.map(claimedDelivery) };
    };
    const ignored: RecordedAttempts = { status: undefined, disabledReason: undefined, next: [] };
    if (lastStatus === 'succeeded') {
      return runInPipelinedTransaction(this.dataSource, lock, async () => ({
        result: ignored,
        closing: finish,
        fromClosingRows: (rows) => recorded(rows) ?? ignored,
      }));
    }
    return runInPipelinedTransaction(this.dataSource, lock, async (manager) => {
      const outcome = recorded(
        await manager.query<Array<Record<string, unknown>>>(finish.sql, [...finish.parameters]),
      );
      if (!outcome) return { result: ignored };
      return {
        result: {
          ...outcome,
          disabledReason: await this.trackFailure(manager, endpointId, last.result.httpStatus),
        },
      };
    });
  }

  /**
   * Makes the heads of the given streams of `endpointId` due when they wait without a time, each stream under its
   * lock: what deliveries added without the stream locks (a replay, which may span too many streams to lock at
   * once) run after their commit, so no finishing delivery can have missed them.
   */
  async promoteStreamHeads(endpointId: string, directoryIds: readonly string[]): Promise<void> {
    if (directoryIds.length === 0) return;
    const sorted = [...directoryIds].sort();
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `SELECT ${streamLockSql('$1::text', 'directory_id')} FROM unnest($2::text[]) WITH ORDINALITY AS stream(directory_id, position) ORDER BY position`,
        [endpointId, sorted],
      );
      await manager.query(
        `UPDATE webhooks.deliveries target SET next_attempt_at = now(), updated_at = now()
         FROM (SELECT DISTINCT ON (directory_id) id, next_attempt_at FROM webhooks.deliveries
               WHERE endpoint_id = $1 AND directory_id = ANY($2::uuid[]) AND status IN ${OPEN_STATUSES_SQL}
               ORDER BY directory_id, sequence, created_at, id) head
         WHERE target.id = head.id AND head.next_attempt_at IS NULL`,
        [endpointId, sorted],
      );
    });
  }

  /** Gives claimed deliveries back (the dispatcher is stopping), unchanged apart from the lease. */
  async release(owner: string, deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhooks.deliveries SET locked_until = NULL, updated_at = now() ` +
        `WHERE id = ANY($1::uuid[]) AND locked_by = $2 AND status IN ${OPEN_STATUSES_SQL}`,
      [deliveryIds, owner],
    );
  }

  /** Milliseconds until the next delivery becomes due, or undefined when none is scheduled. */
  async msUntilNextDue(): Promise<number | undefined> {
    const [row] = await this.dataSource.query<Array<{ ms: number | null }>>(
      `SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms FROM webhooks.deliveries ` +
        `WHERE status IN ${OPEN_STATUSES_SQL} AND next_attempt_at > now()`,
    );
    return row?.ms === null || row?.ms === undefined ? undefined : Math.max(0, row.ms);
  }

  /** How long a lease holds: the attempt's own time limit and a margin, after which another instance may take it. */
  private leaseSeconds(): number {
    return (this.options.timeoutMs + LEASE_MARGIN_MS) / 1000;
  }

  private async trackFailure(
    manager: EntityManager,
    endpointId: string,
    httpStatus: number | null,
  ): Promise<string | undefined> {
    // NO KEY UPDATE: new deliveries referencing the endpoint (KEY SHARE) are not held up
    const [endpoint] = await manager.query<
      Array<{ enabled: boolean; failing_ms: number | null; failing_since: Date | null }>
    >(
      `SELECT enabled, failing_since, (EXTRACT(EPOCH FROM now() - failing_since) * 1000)::float8 AS failing_ms ` +
        `FROM webhooks.endpoints WHERE id = $1 FOR NO KEY UPDATE`,
      [endpointId],
    );
    if (!endpoint) return undefined;
    let reason: string | undefined;
    if (endpoint.enabled && httpStatus === GONE) {
      reason = 'The endpoint answered 410 Gone.';
    } else if (
      endpoint.enabled &&
      endpoint.failing_since &&
      (endpoint.failing_ms ?? 0) >= this.options.disableAfterMs
    ) {
      reason = `Every attempt failed since ${endpoint.failing_since.toISOString()} (longer than WEBHOOK_DISABLE_AFTER).`;
    }
    await manager.query(
      `UPDATE webhooks.endpoints SET failing_since = COALESCE(failing_since, now()), updated_at = now(),
         enabled = CASE WHEN $2::text IS NULL THEN enabled ELSE false END,
         disabled_reason = COALESCE($2::text, disabled_reason),
         disabled_at = CASE WHEN $2::text IS NULL THEN disabled_at ELSE now() END
       WHERE id = $1`,
      [endpointId, reason ?? null],
    );
    return reason;
  }
}

function claimedDelivery(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    directoryId: row.directory_id,
    eventId: row.event_id,
    attempts: row.attempts,
    url: row.url,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    event: row.body,
  };
}
