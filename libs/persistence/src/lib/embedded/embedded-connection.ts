import { EventEmitter } from 'node:events';
import { protocol } from '@electric-sql/pglite';
import { transactionContext } from '../transaction/transaction-context';
import type { EmbeddedSession } from './embedded-session';

type SerializeArgument<Name extends keyof typeof protocol.serialize> = Parameters<
  (typeof protocol.serialize)[Name]
>[0];

/**
 * What node-postgres' Client expects of its `connection` (the object that normally owns the socket), talking to
 * the embedded session in-process instead. Messages are buffered until Sync (or Flush, or a simple Query) and
 * then run in one call, so a parameterised statement costs one pass through PGlite. The parsing of results, type
 * conversion and errors stay node-postgres' own, the same as against a real Postgres.
 */
export class EmbeddedConnection extends EventEmitter {
  /** Read by Client.end(): true once connect() was called. */
  _connecting = false;
  /** Client.end() destroys the "stream" of a connection with a query in flight. */
  readonly stream = { destroy: (): void => this.end() };
  readonly parsedStatements: Record<string, string> = {};
  readonly submittedNamedStatements: Record<string, string> = {};

  private pending: Uint8Array[] = [];
  private queue: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly session: EmbeddedSession,
    private readonly ready: Promise<void>,
    private readonly searchPath: string | undefined,
  ) {
    super();
  }

  connect(): void {
    this._connecting = true;
    this.enqueue(async () => {
      await this.ready;
      this.emit('readyForQuery', { name: 'readyForQuery', length: 5, status: 'I' });
    });
  }

  query(text: string): void {
    this.pending.push(protocol.serialize.query(text));
    this.submit();
  }

  parse(query: SerializeArgument<'parse'>): void {
    this.pending.push(protocol.serialize.parse(query));
  }

  bind(config: SerializeArgument<'bind'>): void {
    this.pending.push(protocol.serialize.bind(config));
  }

  describe(message: SerializeArgument<'describe'>): void {
    this.pending.push(protocol.serialize.describe(message));
  }

  execute(config: SerializeArgument<'execute'>): void {
    this.pending.push(protocol.serialize.execute(config));
  }

  close(message: SerializeArgument<'close'>): void {
    this.pending.push(protocol.serialize.close(message));
  }

  sync(): void {
    this.pending.push(protocol.serialize.sync());
    this.submit();
  }

  flush(): void {
    this.pending.push(protocol.serialize.flush());
    this.submit();
  }

  /** node-postgres refuses a COPY FROM STDIN it has no stream for (pg-copy-streams is not supported here). */
  sendCopyFail(message: string): void {
    this.pending.push(protocol.serialize.copyFail(message));
    this.submit();
  }

  /** Like a socket closing: whatever this connection left open in the session is rolled back. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = [];
    this.queue = this.queue
      .then(() => this.session.abandon(this))
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.emit('end'));
  }

  startup(): void {
    // in-process, the session is open already: no startup packet
  }

  requestSsl(): void {
    // in-process: no TLS
  }

  password(): void {
    // in-process: no authentication
  }

  cancel(): void {
    // PGlite runs a statement to its end synchronously: there is nothing to cancel
  }

  ref(): void {
    // no socket to keep the event loop alive
  }

  unref(): void {
    // no socket to keep the event loop alive
  }

  private submit(): void {
    const batch = Buffer.concat(this.pending);
    this.pending = [];
    const transactionOwner = EmbeddedConnection.of(transactionContext.getStore()?.connection);
    this.enqueue(async () => {
      const messages = await this.session.execute(this, batch, this.searchPath, transactionOwner);
      for (const message of messages) {
        // node-postgres listens for ErrorResponse as 'errorMessage' ('error' is for the connection itself)
        this.emit(message.name === 'error' ? 'errorMessage' : message.name, message);
      }
    });
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    // an EventEmitter throws an 'error' nobody listens for: here it would only become an unhandled rejection
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /** The embedded connection under a node-postgres client, if it is one. */
  static of(client: unknown): EmbeddedConnection | undefined {
    if (typeof client !== 'object' || client === null || !('connection' in client)) return undefined;
    return client.connection instanceof EmbeddedConnection ? client.connection : undefined;
  }
}
