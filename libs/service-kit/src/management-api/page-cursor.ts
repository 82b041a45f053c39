import { isUUID } from 'class-validator';

/**
 * Position after the last row of a page ordered by (createdAt, id). Writers store millisecond timestamps
 * (JavaScript dates), so the ISO string in the cursor compares exactly with the stored value.
 */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** The opaque `cursor`/`nextCursor` of a management API page: its parts as base64url JSON. */
export function encodeCursorParts(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** The parts of a cursor, or null when `value` is not one this API gave out. */
export function decodeCursorParts(value: string): unknown[] | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(value)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A date part of a cursor: only the exact ISO form the encoder writes, else null. */
export function parseCursorDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.toISOString() !== value ? null : date;
}

export function encodePageCursor(cursor: PageCursor): string {
  return encodeCursorParts([cursor.createdAt.toISOString(), cursor.id]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodePageCursor(value: string): PageCursor | null {
  const parts = decodeCursorParts(value);
  if (!parts || parts.length !== 2) return null;
  const [createdAt, id] = parts;
  const date = parseCursorDate(createdAt);
  if (!date || typeof id !== 'string' || !isUUID(id)) return null;
  return { createdAt: date, id };
}
