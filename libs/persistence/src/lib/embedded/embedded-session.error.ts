/** Why the embedded database's single session could not be given to a caller. */
export enum EmbeddedSessionErrorCode {
  /** The caller runs inside a transaction that holds the session and asked for it on another connection. */
  WouldDeadlock = 'would-deadlock',
  /** The session stayed busy longer than the configured wait. */
  WaitTimeout = 'wait-timeout',
  /** The embedded database is stopping or stopped. */
  Closed = 'closed',
}

/** Raised by the embedded database when a query cannot get its single session. */
export class EmbeddedSessionError extends Error {
  constructor(
    readonly code: EmbeddedSessionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = EmbeddedSessionError.name;
  }
}
