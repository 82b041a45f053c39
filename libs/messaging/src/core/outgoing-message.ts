import { MessagingError, MessagingErrorCode } from '../errors/messaging.error';
import type { OutgoingMessage } from '../message-bus';

/** An outgoing message checked and with its value serialised once. */
export interface EncodedMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Checks the invariants every adapter enforces (non-empty topic and key) and serialises the value. */
export function encodeOutgoing(message: OutgoingMessage): EncodedMessage {
  if (typeof message.topic !== 'string' || message.topic.length === 0) {
    throw new MessagingError(MessagingErrorCode.InvalidMessage, 'a message needs a topic');
  }
  if (typeof message.key !== 'string' || message.key.length === 0) {
    throw new MessagingError(
      MessagingErrorCode.InvalidMessage,
      `a message on ${message.topic} needs a non-empty key (the directory id)`,
    );
  }
  let value: string;
  try {
    value = JSON.stringify(message.value ?? null);
  } catch (error) {
    throw new MessagingError(
      MessagingErrorCode.InvalidMessage,
      `the value of a message on ${message.topic} is not JSON`,
      {
        cause: error,
      },
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(message.headers ?? {})) {
    if (typeof headerValue !== 'string') {
      throw new MessagingError(
        MessagingErrorCode.InvalidMessage,
        `header ${name} on ${message.topic} is not a string`,
      );
    }
    headers[name] = headerValue;
  }
  return { topic: message.topic, key: message.key, value, headers };
}
