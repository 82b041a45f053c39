import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Inbox } from './inbox';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of {@link InboxCleaner}. */
export interface InboxCleanerOptions {
  /** A data source with InboxRecord among its entities. */
  dataSource: DataSource;
  /** How long a processed message id is remembered (default 30 days, beyond Kafka's default retention of 7). */
  retentionMs?: number;
  /** How often old ids are deleted (default 1 hour). */
  intervalMs?: number;
}

/**
 * Deletes a service's old inbox rows periodically. Every instance may run one: the deletes are idempotent.
 */
export class InboxCleaner {
  private readonly logger = new Logger(InboxCleaner.name);
  private readonly retentionMs: number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: InboxCleanerOptions) {
    this.retentionMs = options.retentionMs ?? 30 * DAY_MS;
    this.intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  }

  /** Cleans now, then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
    this.runOnce();
  }

  /** Stops the timer and waits for a cleanup in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private runOnce(): void {
    if (this.running) return;
    this.running = Inbox.cleanup(this.options.dataSource, new Date(Date.now() - this.retentionMs))
      .then((deleted) => {
        if (deleted > 0) this.logger.log(`forgot ${deleted} processed inbox message(s)`);
      })
      .catch((error: unknown) => {
        // the next round tries again; the table only grows meanwhile
        this.logger.warn(`inbox cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
