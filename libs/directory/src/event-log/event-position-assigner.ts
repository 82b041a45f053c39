import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/** Options of {@link EventPositionAssigner}. */
export interface EventPositionAssignerOptions {
  /**
   * How soon after a commit of this process events get their position (default 100 ms): the delay of the listing
   * across directories. Rounds follow each other this often while they find events.
   */
  intervalMs?: number;
  /**
   * How often to look when nothing is committed here (default 1,000 ms): the delay for events committed by another
   * instance that stopped before positioning them.
   */
  idleIntervalMs?: number;
  /** Most events positioned per statement (default 5,000); a full round is followed at once by another. */
  batchSize?: number;
}

/**
 * Gives committed events their global position, the order of the events API across directories. One statement
 * per round, safe with any number of instances: the counter row serialises rounds, so a round's positions are above
 * every position committed before it and below every position committed after it — a reader paging by position
 * never finds an event appear behind its cursor. Within a round a directory's events are numbered in sequence
 * order, and a directory's later events cannot be committed before its earlier ones (its row lock orders them), so
 * positions keep each directory's order. An event another round positioned meanwhile is skipped (the
 * `position IS NULL` recheck), which may leave a gap in the numbers; gaps are harmless.
 *
 * A round is one round trip, and rounds run while there is work: `intervalMs` after a commit of this process's data
 * source, and again while they find events; otherwise every `idleIntervalMs` (an idle service looked 10 times a
 * second, in four round trips each).
 */
export class EventPositionAssigner {
  private readonly logger = new Logger(EventPositionAssigner.name);
  private readonly intervalMs: number;
  private readonly idleIntervalMs: number;
  private readonly batchSize: number;
  private readonly subscriber: EntitySubscriberInterface;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires. */
  private dueAt = 0;
  private running: Promise<void> | undefined;
  /** A commit came while a round ran: that round may have missed its events. */
  private committedMeanwhile = false;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    options: EventPositionAssignerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.idleIntervalMs = Math.max(this.intervalMs, options.idleIntervalMs ?? 1000);
    this.batchSize = options.batchSize ?? 5000;
    // written into the statement (one message of the simple query protocol, which has no parameters)
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`batchSize must be a positive integer, not ${this.batchSize}`);
    }
    this.subscriber = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (!event.queryRunner.isTransactionActive) this.committed();
      },
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.dataSource.subscribers.push(this.subscriber);
    this.schedule(0);
  }

  /** Stops the rounds and waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const index = this.dataSource.subscribers.indexOf(this.subscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.running;
  }

  /** A transaction of this data source committed: position its events within `intervalMs`. */
  private committed(): void {
    if (this.stopped) return;
    if (this.running) {
      this.committedMeanwhile = true;
    } else if (this.dueAt - Date.now() > this.intervalMs) {
      clearTimeout(this.timer);
      this.schedule(this.intervalMs);
    }
  }

  /** Positions every event committed so far; returns how many it positioned. */
  async assignPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const positioned = await this.assignRound();
      total += positioned;
      if (positioned < this.batchSize) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.committedMeanwhile = false;
      this.running = this.assignPending()
        .then((positioned) => {
          this.failures = 0;
          return positioned > 0 ? this.intervalMs : this.idleIntervalMs;
        })
        .catch((error: unknown) => {
          this.failures += 1;
          // the listing across directories only lags meanwhile: nothing is lost
          if (this.failures === 1 || this.failures % 100 === 0) {
            this.logger.warn(
              `positioning events failed (${this.failures} time(s) in a row): ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          return Math.min(5000, this.intervalMs * 2 ** Math.min(this.failures, 6));
        })
        .then((next) => {
          this.running = undefined;
          // decided here, not in the round's callback: a commit may come between the two
          this.schedule(this.failures === 0 && this.committedMeanwhile ? this.intervalMs : next);
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One round in one round trip: BEGIN, the setting, the statement and COMMIT in one message of the simple query
   * protocol. Not through TypeORM's transactions, whose commit events would wake this assigner itself.
   */
  private async assignRound(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      try {
        // Every round leaves the index entries of the versions it positioned behind (position IS NULL) until vacuum
        // runs. A bitmap scan, the plan the statistics favour, reads them all again each round, a cost that grows
        // with every event since the last vacuum. A plain index scan marks them dead as it passes, so the next round
        // skips them. In a 2,000-user sync: 0.5 ms and 107 buffers a round instead of 1.9 ms and 446.
        const results = (await client.query(
          `BEGIN; SET LOCAL enable_bitmapscan = off; ${this.positionOldest()}; COMMIT`,
        )) as unknown as Array<{ rows: Array<{ positioned: string }> }>;
        return Number(results[2]?.rows[0]?.positioned ?? 0);
      } catch (error) {
        // a failed statement leaves the transaction aborted (the rest of the message is skipped)
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private positionOldest(): string {
    return `WITH pending AS (
         SELECT id, row_number() OVER (ORDER BY directory_id, sequence) AS n
         FROM (SELECT id, directory_id, sequence FROM directory.events
               WHERE position IS NULL ORDER BY directory_id, sequence LIMIT ${this.batchSize}) AS oldest
       ),
       counter AS (
         UPDATE directory.event_position_counter
         SET last_position = last_position + (SELECT count(*) FROM pending)
         WHERE EXISTS (SELECT 1 FROM pending)
         RETURNING last_position - (SELECT count(*) FROM pending) AS base
       ),
       positioned AS (
         UPDATE directory.events AS event SET position = counter.base + pending.n
         FROM pending, counter
         WHERE event.id = pending.id AND event.position IS NULL
         RETURNING 1
       )
       SELECT count(*) AS positioned FROM positioned`;
  }
}
