import { MessagingError, MessagingErrorCode } from './messaging.error';

/** No reply arrived within the request's timeout; the responder drops the request once it expires. */
export class RequestTimeoutError extends MessagingError {
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
  ) {
    super(MessagingErrorCode.RequestTimeout, `no reply to a request on ${topic} within ${timeoutMs} ms`);
  }
}
