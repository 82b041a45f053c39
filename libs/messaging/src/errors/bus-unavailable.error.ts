import { MessagingError, MessagingErrorCode } from './messaging.error';

/** The bus could not take the messages in time (broker down, bus closed). Retry later. */
export class BusUnavailableError extends MessagingError {
  constructor(message: string, options?: ErrorOptions) {
    super(MessagingErrorCode.BusUnavailable, message, options);
  }
}
