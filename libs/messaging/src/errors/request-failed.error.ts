import { MessagingError, MessagingErrorCode } from './messaging.error';

/** The responder dead-lettered the request (PermanentMessageError) and replied with the reason. */
export class RequestFailedError extends MessagingError {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(MessagingErrorCode.RequestFailed, `request on ${topic} failed: ${reason}`);
  }
}
