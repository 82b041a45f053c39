import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';

/** How often the last requests seen are written: lastRequestAt is that much behind at most. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * When each directory's identity provider last made a request (a directory's `lastRequestAt`), for requests that
 * write nothing — a connection test only reads. Writes set it in their own transaction; reads and token checks are
 * remembered here and written once a second, one statement for every directory seen that no write holds, so a
 * lookup never waits on the directory row that writes lock, and the update never waits on a write.
 */
@Injectable()
export class DirectoryActivity implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DirectoryActivity.name);
  private seen = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** A request of the directory's identity provider was served now. */
  touch(directoryId: string): void {
    this.seen.set(directoryId, new Date());
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Writes what was seen since the last flush; a later time already stored (by a write) is kept. */
  async flush(): Promise<void> {
    if (this.seen.size === 0) return;
    const seen = this.seen;
    this.seen = new Map();
    try {
      // Rows a command holds are skipped, not waited for: that command sets lastRequestAt itself, and waiting
      // could deadlock with a batch of commands that locks several directories in another order.
      await this.dataSource.query(
        `UPDATE directory.directories d SET last_request_at = seen.at
           FROM unnest($1::uuid[], $2::timestamptz[]) AS seen(id, at)
          WHERE d.id = seen.id AND (d.last_request_at IS NULL OR d.last_request_at < seen.at)
            AND d.id IN (SELECT id FROM directory.directories WHERE id = ANY($1::uuid[]) FOR UPDATE SKIP LOCKED)`,
        [[...seen.keys()], [...seen.values()].map((at) => at.toISOString())],
      );
    } catch (error) {
      // only a timestamp for the portal: the next flush writes a newer one
      this.logger.warn(`last requests not recorded: ${String(error)}`);
    }
  }
}
