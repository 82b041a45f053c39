import { decodeCursorParts, encodeCursorParts, parseCursorDate } from '@scimflow/service-kit';
import { isUUID } from 'class-validator';

/** Endpoints page by (createdAt, id): the management API's common cursor. */
export {
  decodePageCursor as decodeEndpointCursor,
  encodePageCursor as encodeEndpointCursor,
  type PageCursor as EndpointCursor,
} from '@scimflow/service-kit';

/** Position after the last delivery of a page ordered by (createdAt, sequence, id), newest first. */
export interface DeliveryCursor {
  createdAt: Date;
  sequence: number;
  id: string;
}

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return encodeCursorParts([cursor.createdAt.toISOString(), cursor.sequence, cursor.id]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeDeliveryCursor(value: string): DeliveryCursor | null {
  const parts = decodeCursorParts(value);
  if (!parts || parts.length !== 3) return null;
  const [createdAt, sequence, id] = parts;
  const date = parseCursorDate(createdAt);
  if (!date || typeof id !== 'string' || !isUUID(id)) return null;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return null;
  return { createdAt: date, sequence, id };
}
