import { decodeCursorParts, encodeCursorParts, parseCursorDate } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';

export { decodePageCursor, encodePageCursor, type PageCursor } from '@scimflow/service-kit';

/** Position after the last event of a page ordered by (occurredAt, directoryId, sequence). */
export interface EventCursor {
  occurredAt: Date;
  directoryId: string;
  sequence: number;
}

export function encodeEventCursor(cursor: EventCursor): string {
  return encodeCursorParts([cursor.occurredAt.toISOString(), cursor.directoryId, cursor.sequence]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeEventCursor(value: string): EventCursor | null {
  const parts = decodeCursorParts(value);
  if (!parts || parts.length !== 3) return null;
  const [occurredAt, directoryId, sequence] = parts;
  const date = parseCursorDate(occurredAt);
  if (!date || typeof directoryId !== 'string' || !isUUID(directoryId)) return null;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return null;
  return { occurredAt: date, directoryId, sequence };
}
