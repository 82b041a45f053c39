import { BusHeaders, type IncomingMessage } from '../message-bus';

/** Header values are bounded: a reason is for people reading logs, not a stack trace. */
const maxReasonLength = 1_000;

/** Headers of a dead letter: the original headers plus why, where from and which group gave up. */
export function deadLetterHeaders(
  message: IncomingMessage,
  group: string,
  reason: string,
): Record<string, string> {
  return {
    ...message.headers,
    [BusHeaders.deadLetterReason]:
      reason.length > maxReasonLength ? `${reason.slice(0, maxReasonLength)}…` : reason,
    [BusHeaders.deadLetterSource]: `${message.topic}/${message.partition}@${message.offset}`,
    [BusHeaders.deadLetterGroup]: group,
  };
}

/** A short text for logs and headers from anything a handler threw. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
