import { isUUID } from 'class-validator';

/**
 * Position after the last row of a page ordered by (createdAt, id). Writers store millisecond timestamps
 * (JavaScript dates), so the ISO string in the cursor compares exactly with the stored value.
 */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** Position after the last event of a page ordered by (occurredAt, directoryId, sequence). */
export interface EventCursor {
  occurredAt: Date;
  directoryId: string;
  sequence: number;
}

export function encodePageCursor(cursor: PageCursor): string {
  return encode([cursor.createdAt.toISOString(), cursor.id]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodePageCursor(value: string): PageCursor | null {
  const parts = decode(value);
  if (!parts || parts.length !== 2) return null;
  const [createdAt, id] = parts;
  const date = parseDate(createdAt);
  if (!date || typeof id !== 'string' || !isUUID(id)) return null;
  return { createdAt: date, id };
}

export function encodeEventCursor(cursor: EventCursor): string {
  return encode([cursor.occurredAt.toISOString(), cursor.directoryId, cursor.sequence]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeEventCursor(value: string): EventCursor | null {
  const parts = decode(value);
  if (!parts || parts.length !== 3) return null;
  const [occurredAt, directoryId, sequence] = parts;
  const date = parseDate(occurredAt);
  if (!date || typeof directoryId !== 'string' || !isUUID(directoryId)) return null;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return null;
  return { occurredAt: date, directoryId, sequence };
}

function encode(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

function decode(value: string): unknown[] | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(value)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  // Only the exact form encode() writes: anything else was not made here.
  return Number.isNaN(date.getTime()) || date.toISOString() !== value ? null : date;
}
