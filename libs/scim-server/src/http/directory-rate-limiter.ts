/**
 * Token bucket per directory: `ratePerSecond` sustained, `burst` at once. In memory per ingress instance,
 * so with N instances behind a load balancer a directory gets up to N times the rate; that bounds the harm
 * one tenant can do without a shared store on the hot path.
 */
export class DirectoryRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
  take(directoryId: string): number {
    const now = this.now();
    const bucket = this.buckets.get(directoryId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.ratePerSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(directoryId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }
}
