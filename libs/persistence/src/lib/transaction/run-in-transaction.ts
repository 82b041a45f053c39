import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** SQLSTATEs after which running the whole transaction again may succeed. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);

/** Options of {@link runInTransaction}. */
export interface TransactionOptions {
  /** Default: the server's, READ COMMITTED (not set per transaction: that would cost a statement each time). */
  isolationLevel?: IsolationLevel;
  /**
   * How many times to run the transaction again after a serialization failure (40001) or a deadlock (40P01);
   * default 0. The work must then be safe to repeat (no effects outside the database).
   */
  retries?: number;
}

/**
 * Runs `work` in one transaction (READ COMMITTED unless told otherwise): committed when it resolves, rolled back
 * when it throws (the error is rethrown). Every query of the transaction must go through `manager`.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.retries ?? 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await (options.isolationLevel
        ? dataSource.transaction(options.isolationLevel, work)
        : dataSource.transaction(work));
    } catch (error) {
      if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
      await pause(backoffMs(attempt));
    }
  }
}

/** True for a serialization failure (40001) or a deadlock (40P01), after which the transaction may be retried. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** The SQLSTATE of a database error (a QueryFailedError or a driver error), if it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function backoffMs(attempt: number): number {
  // jitter keeps two transactions that just collided from colliding again in step
  return Math.round(2 ** attempt * 10 * (0.5 + Math.random()));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
