/** What went wrong on the bus; the HTTP edge maps these (e.g. bus-unavailable → 503 + Retry-After). */
export enum MessagingErrorCode {
  /** The broker (or the in-process bus) cannot take or deliver messages right now. */
  BusUnavailable = 'bus-unavailable',
  /** No reply arrived before the request's deadline. */
  RequestTimeout = 'request-timeout',
  /** The responder gave up on the request (dead-lettered it) and said why. */
  RequestFailed = 'request-failed',
  /** The message itself is unusable: empty key, value that is not JSON-serialisable. */
  InvalidMessage = 'invalid-message',
}

/** Base class of the errors the bus raises. */
export class MessagingError extends Error {
  constructor(
    readonly code: MessagingErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
