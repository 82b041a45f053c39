import { decodeCursorParts, encodeCursorParts } from '@scimflow/service-kit';

export { decodePageCursor, encodePageCursor, type PageCursor } from '@scimflow/service-kit';

/** The position of the last event of a page across directories (see EventPositionAssigner). */
export function encodeEventCursor(position: number): string {
  return encodeCursorParts(['p', position]);
}

/** The position, or null when `value` is not a cursor this API gave out. */
export function decodeEventCursor(value: string): number | null {
  const parts = decodeCursorParts(value);
  if (!parts || parts.length !== 2 || parts[0] !== 'p') return null;
  const position = parts[1];
  return typeof position === 'number' && Number.isSafeInteger(position) && position >= 0 ? position : null;
}
