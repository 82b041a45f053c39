/** What happens after a failed attempt. */
export type RetryDecision = { dead: true } | { dead: false; delayMs: number };

const JITTER = 0.2;

/**
 * The retry schedule (WEBHOOK_RETRY_SCHEDULE): entry i is the wait before attempt i + 1, so the first entry
 * (usually 0s) delays the first attempt and the schedule's length is the number of attempts. Every wait gets
 * ±20% jitter, so that deliveries that failed together (an endpoint coming back) do not retry in lockstep.
 */
export class RetryPolicy {
  constructor(
    private readonly scheduleMs: readonly number[],
    private readonly random: () => number = Math.random,
  ) {
    if (scheduleMs.length === 0) throw new Error('a retry schedule needs at least one entry');
  }

  /** Number of attempts before a delivery is dead. */
  get attempts(): number {
    return this.scheduleMs.length;
  }

  /** The wait before a new delivery's first attempt. */
  firstDelayMs(): number {
    return this.jittered(this.scheduleMs[0] ?? 0);
  }

  /** After the `attemptsMade`-th attempt failed: wait and try again, or give up (dead, replayable). */
  afterFailure(attemptsMade: number): RetryDecision {
    const next = this.scheduleMs[attemptsMade];
    return next === undefined ? { dead: true } : { dead: false, delayMs: this.jittered(next) };
  }

  private jittered(delayMs: number): number {
    return Math.round(delayMs * (1 - JITTER + 2 * JITTER * this.random()));
  }
}
