import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by a handler for a message that can never succeed (invalid payload, unknown version): the
 * message goes to `<topic>.dead-letter` with the reason and the partition moves on. Any other error
 * is transient and the message is retried.
 *
 * It is an RpcException so that it crosses Nest's exception layer intact: Nest turns unknown errors
 * from `@MessagePattern`/`@EventPattern` handlers into a generic "Internal server error".
 */
export class PermanentMessageError extends RpcException {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason);
    this.name = 'PermanentMessageError';
    if (options && 'cause' in options) this.cause = options.cause;
  }

  /** The reason, as given to the constructor. */
  get reason(): string {
    return this.message;
  }

  /** Nest's exception filter rethrows `getError()`; returning the error itself keeps its class. */
  override getError(): object {
    return this;
  }
}
