import { PermanentMessageError } from '../errors/permanent-message.error';
import type { IncomingMessage } from '../message-bus';

/** Builds an IncomingMessage whose `value` is parsed from `raw` on first read (null stays null). */
export function incomingMessage(fields: Omit<IncomingMessage, 'value'>, raw: string | null): IncomingMessage {
  let parsed: { value: unknown } | undefined;
  const message = { ...fields } as IncomingMessage;
  Object.defineProperty(message, 'value', {
    enumerable: true,
    get(): unknown {
      if (parsed === undefined) {
        try {
          parsed = { value: raw === null ? null : JSON.parse(raw) };
        } catch (error) {
          throw new PermanentMessageError(`value is not valid JSON (${(error as Error).message})`, {
            cause: error,
          });
        }
      }
      return parsed.value;
    },
  });
  return message;
}
