import { Logger } from '@nestjs/common';
import { Inbox } from '@scimflow/persistence';
import type { DataSource } from 'typeorm';

const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 1000;

/** Options of {@link DirectoryHousekeeping}. */
export interface DirectoryHousekeepingOptions {
  /** Events older than this many days leave the events API; 0 keeps them forever. */
  eventRetentionDays: number;
  /** How long a command's reply is kept for a redelivery of the command (default 1 day: the ingress waits seconds). */
  replyRetentionMs?: number;
  /** How long the inbox remembers an applied message (default 30 days, beyond Kafka's default retention of 7). */
  inboxRetentionMs?: number;
  /** How often to clean (default 1 hour). */
  intervalMs?: number;
}

/**
 * Deletes what directory-service keeps only for a while: events past their retention, old command replies, old
 * inbox rows. Every instance may run one: the deletes are idempotent and go a chunk at a time.
 */
export class DirectoryHousekeeping {
  private readonly logger = new Logger(DirectoryHousekeeping.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DirectoryHousekeepingOptions,
  ) {}

  /** Cleans now, then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.runInBackground(), this.options.intervalMs ?? 60 * 60 * 1000);
    this.timer.unref();
    this.runInBackground();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One cleaning; returns how many rows of each kind went. */
  async runOnce(now = new Date()): Promise<{ events: number; replies: number; inbox: number }> {
    const events =
      this.options.eventRetentionDays > 0
        ? await this.deleteExpiredEvents(new Date(now.getTime() - this.options.eventRetentionDays * DAY_MS))
        : 0;
    const replies = await this.deleteOldReplies(
      new Date(now.getTime() - (this.options.replyRetentionMs ?? DAY_MS)),
    );
    const inbox = await Inbox.cleanup(
      this.dataSource,
      new Date(now.getTime() - (this.options.inboxRetentionMs ?? 30 * DAY_MS)),
    );
    return { events, replies, inbox };
  }

  private runInBackground(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .then(({ events, replies, inbox }) => {
        if (events + replies + inbox > 0) {
          this.logger.log(
            `deleted ${events} expired event(s), ${replies} old reply(ies), ${inbox} inbox row(s)`,
          );
        }
      })
      .catch((error: unknown) => {
        // the next round tries again; the tables only grow meanwhile
        this.logger.warn(`housekeeping failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /**
   * Oldest first by position, a chunk at a time, until a chunk holds an event still within retention: no scan of
   * the whole log. An event whose clock ran behind its neighbours' goes with the first chunk past it. The outbox
   * publishes events from the log, so none goes while an outbox message older than it (a day's margin for
   * clocks) still waits: a relay stopped for longer than the retention loses nothing.
   */
  private async deleteExpiredEvents(expiredBefore: Date): Promise<number> {
    const [waiting] = await this.dataSource.query<Array<{ oldest: Date | null }>>(
      'SELECT min(created_at) AS oldest FROM directory.outbox WHERE published_at IS NULL',
    );
    const before =
      waiting?.oldest && waiting.oldest.getTime() - DAY_MS < expiredBefore.getTime()
        ? new Date(waiting.oldest.getTime() - DAY_MS)
        : expiredBefore;
    let deleted = 0;
    for (;;) {
      const rows = await this.dataSource.query<Array<{ deleted: string; scanned: string }>>(
        `WITH oldest AS (
           SELECT id, occurred_at FROM directory.events
           WHERE position IS NOT NULL ORDER BY position LIMIT ${CHUNK}
         ),
         gone AS (
           DELETE FROM directory.events AS event USING oldest
           WHERE event.id = oldest.id AND oldest.occurred_at < $1 RETURNING 1
         )
         SELECT (SELECT count(*) FROM gone) AS deleted, (SELECT count(*) FROM oldest) AS scanned`,
        [before],
      );
      const chunk = Number(rows[0]?.deleted ?? 0);
      deleted += chunk;
      if (chunk === 0 || chunk < Number(rows[0]?.scanned ?? 0)) return deleted;
    }
  }

  private async deleteOldReplies(before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown[], number]>(
        `DELETE FROM directory.command_replies WHERE command_id IN (
           SELECT command_id FROM directory.command_replies WHERE created_at < $1 ORDER BY created_at LIMIT ${CHUNK})`,
        [before],
      );
      deleted += count;
      if (count < CHUNK) return deleted;
    }
  }
}
