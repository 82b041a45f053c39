/** Limits of the request log; every field has a default. */
export interface RequestLogOptions {
  /** Newest entries kept per directory (default 10 000). */
  maxPerDirectory?: number;
  /** Entries older than this are deleted (default 7 days). */
  retentionDays?: number;
  /** Entries waiting in memory to be written; more are dropped and counted (default 10 000). */
  queueSize?: number;
  /** Rows per INSERT (default 500). */
  batchSize?: number;
  /** How often the queue is written (default 1 000 ms). */
  flushIntervalMs?: number;
  /** How often old and surplus entries are deleted (default 60 000 ms). */
  pruneIntervalMs?: number;
  /** Larger request or response bodies are stored as `{ truncated: true, bytes }` (default 64 KiB). */
  maxBodyBytes?: number;
}

export type ResolvedRequestLogOptions = Required<RequestLogOptions>;

export function resolveRequestLogOptions(options: RequestLogOptions = {}): ResolvedRequestLogOptions {
  return {
    maxPerDirectory: options.maxPerDirectory ?? 10_000,
    retentionDays: options.retentionDays ?? 7,
    queueSize: options.queueSize ?? 10_000,
    batchSize: options.batchSize ?? 500,
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    pruneIntervalMs: options.pruneIntervalMs ?? 60_000,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
  };
}
