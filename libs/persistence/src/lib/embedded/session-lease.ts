import { EmbeddedSessionError, EmbeddedSessionErrorCode } from './embedded-session.error';

interface Waiter<Owner> {
  owner: Owner;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Options of {@link SessionLease.acquire}. */
export interface AcquireOptions<Owner> {
  /**
   * The owner of the transaction the caller is running in, if any. When that owner holds the lease, waiting for
   * it would never end (the transaction waits for the caller), so acquire fails at once.
   */
  transactionOwner?: Owner;
}

/**
 * Exclusive, first-come first-served use of one database session by many connections. A connection holds the lease
 * from its first message until the session is idle again: one statement, or a whole transaction.
 */
export class SessionLease<Owner extends object> {
  private holder: Owner | undefined;
  private readonly waiters: Waiter<Owner>[] = [];
  private closed = false;

  /** @param waitTimeoutMs how long a caller waits for the session before failing (a transaction left open). */
  constructor(private readonly waitTimeoutMs: number) {}

  /** The connection holding the session, if any. */
  get heldBy(): Owner | undefined {
    return this.holder;
  }

  /** Number of connections waiting for the session. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(owner: Owner, options: AcquireOptions<Owner> = {}): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new EmbeddedSessionError(EmbeddedSessionErrorCode.Closed, 'the embedded database is closed'),
      );
    }
    if (this.holder === owner) return Promise.resolve();
    if (this.holder === undefined) {
      this.holder = owner;
      return Promise.resolve();
    }
    if (options.transactionOwner !== undefined && options.transactionOwner === this.holder) {
      return Promise.reject(
        new EmbeddedSessionError(
          EmbeddedSessionErrorCode.WouldDeadlock,
          'a query was issued outside the transaction it runs in, while that transaction holds the single session ' +
            'of the embedded database: run it through the transaction manager instead',
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter<Owner> = {
        owner,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.remove(waiter);
          reject(
            new EmbeddedSessionError(
              EmbeddedSessionErrorCode.WaitTimeout,
              `waited ${this.waitTimeoutMs} ms for the embedded database session, held by a transaction that did not finish`,
            ),
          );
        }, this.waitTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Gives the session to the next waiter. A no-op for a connection that does not hold it. */
  release(owner: Owner): void {
    if (this.holder !== owner) return;
    this.holder = undefined;
    const next = this.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      this.holder = next.owner;
      next.resolve();
    }
  }

  /** Refuses every later acquire and fails the waiting ones; the current holder keeps the session. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(
        new EmbeddedSessionError(EmbeddedSessionErrorCode.Closed, 'the embedded database is closed'),
      );
    }
  }

  private remove(waiter: Waiter<Owner>): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }
}
