/** One HTTP exchange of the driving client; `status` 0 when no answer came (refused, reset, timed out). */
export interface ScimExchange {
  write: boolean;
  method: string;
  path: string;
  status: number;
  startedAt: number;
  endedAt: number;
  retryAfter: string | null;
  error?: string;
}

/**
 * Everything the driving client sent and got back, for the assertions on the edge's behaviour (503 with
 * Retry-After, never a 500) and for the figures a run prints.
 */
export class ScimTraffic {
  readonly exchanges: ScimExchange[] = [];

  record(exchange: ScimExchange): void {
    this.exchanges.push(exchange);
  }

  /** Answers no identity provider should ever get: a 5xx other than 503, or a 503 without Retry-After. */
  unexpected(): ScimExchange[] {
    return this.exchanges.filter(
      (exchange) =>
        exchange.status >= 500 && (exchange.status !== 503 || !/^\d+$/.test(exchange.retryAfter ?? '')),
    );
  }

  /** Writes sent and answered entirely within [from, to]. */
  writesWithin(from: number, to: number): ScimExchange[] {
    return this.exchanges.filter(
      (exchange) => exchange.write && exchange.startedAt >= from && exchange.endedAt <= to,
    );
  }

  /** Counts by status (`none` for no answer), e.g. `201×5000 200×812 503×120 none×3`. */
  summary(): string {
    const counts = new Map<string, number>();
    for (const exchange of this.exchanges) {
      const key = exchange.status === 0 ? 'none' : String(exchange.status);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}
