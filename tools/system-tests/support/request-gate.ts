/**
 * Bounds how many requests the driving client has in flight, whichever actor sends them: the concurrency of an
 * identity provider's sync. Waiting for a slot is queued in arrival order.
 */
export class RequestGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be >= 1, got ${capacity}`);
    this.free = capacity;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) {
      this.free -= 1;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
