import { type PGlite, protocol } from '@electric-sql/pglite';
import { SessionLease } from './session-lease';

/** A backend message as PGlite's protocol parser returns it (`name` as node-postgres expects it). */
export interface SessionMessage {
  readonly name: string;
  readonly status?: string;
}

/**
 * The one Postgres session of a PGlite instance, shared by every connection of every data source in the process.
 * A connection leases the session for one statement, or for a whole transaction (from its first message until
 * Postgres reports the session idle again), so statements of different callers never interleave inside a
 * transaction. Each connection may ask for its own search_path: the session switches it when it changes hands.
 */
export class EmbeddedSession {
  private readonly lease: SessionLease<object>;
  private searchPath: string | undefined;

  constructor(
    private readonly db: PGlite,
    waitTimeoutMs: number,
  ) {
    this.lease = new SessionLease(waitTimeoutMs);
  }

  /** Connections waiting for the session held by another one. */
  get waiting(): number {
    return this.lease.waiting;
  }

  /**
   * Runs a batch of frontend messages for `connection` and returns the backend's answers. Waits while another
   * connection holds the session; fails at once when `transactionOwner` (the connection of the transaction the
   * caller runs in) holds it, since that wait would never end.
   */
  async execute(
    connection: object,
    batch: Uint8Array,
    searchPath: string | undefined,
    transactionOwner: object | undefined,
  ): Promise<SessionMessage[]> {
    await this.lease.acquire(connection, { transactionOwner });
    let idle = false;
    try {
      if (searchPath !== undefined && searchPath !== this.searchPath) {
        await this.run(protocol.serialize.query(`SET search_path TO ${searchPath}`), true);
        this.searchPath = searchPath;
      }
      const messages = await this.run(batch, false);
      const status = lastTransactionStatus(messages);
      // No ReadyForQuery means the batch ended with Flush (a cursor reading pages): the exchange is not over.
      idle = status === undefined ? false : status === 'I';
      return messages;
    } catch (error) {
      idle = !this.db.isInTransaction();
      throw error;
    } finally {
      if (idle) {
        await this.db.syncToFs();
        this.lease.release(connection);
      }
    }
  }

  /** A connection going away: roll back what it left open and give the session to the next one. */
  async abandon(connection: object): Promise<void> {
    if (this.lease.heldBy !== connection) return;
    try {
      // a Sync ends an extended-protocol exchange cut short (a cursor left open)
      await this.run(protocol.serialize.sync(), false);
      if (this.db.isInTransaction()) await this.run(protocol.serialize.query('ROLLBACK'), true);
    } finally {
      this.lease.release(connection);
    }
  }

  /**
   * Waits until no connection holds the session (at most the wait timeout), then refuses all later use. Throws
   * when a transaction kept it past the timeout: closing the database then rolls that transaction back.
   */
  async close(): Promise<void> {
    try {
      await this.lease.acquire({});
    } finally {
      this.lease.close();
    }
  }

  private async run(batch: Uint8Array, throwOnError: boolean): Promise<SessionMessage[]> {
    const messages: SessionMessage[] = await this.db.runExclusive(() =>
      this.db.execProtocolStream(batch, { throwOnError: false, syncToFs: false }),
    );
    if (throwOnError) {
      // PGlite's parser makes an ErrorResponse a DatabaseError, an Error with the SQLSTATE in `code`
      const failure = messages.find((message) => message.name === 'error');
      if (failure) throw failure;
    }
    return messages;
  }
}

function lastTransactionStatus(messages: SessionMessage[]): string | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.name === 'readyForQuery') return message.status;
  }
  return undefined;
}
