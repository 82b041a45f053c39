/** Backoff between attempts at a message that failed transiently. */
export interface RetryBackoffOptions {
  /** Delay before the second attempt (default 100 ms); doubles with every further attempt. */
  initialDelayMs?: number;
  /** Upper bound of the delay (default 5000 ms). */
  maxDelayMs?: number;
}

const defaults: Required<RetryBackoffOptions> = { initialDelayMs: 100, maxDelayMs: 5_000 };

/**
 * Delay before attempt `failedAttempts + 1`: exponential, capped, with up to 20 % jitter below the
 * nominal value so that partitions failing together do not retry in lockstep.
 */
export function retryDelayMs(failedAttempts: number, options: RetryBackoffOptions = {}): number {
  const { initialDelayMs, maxDelayMs } = { ...defaults, ...options };
  const nominal = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(nominal * (1 - Math.random() * 0.2));
}
