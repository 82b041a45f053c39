import { isUUID } from 'class-validator';

/** Position after the last endpoint of a page ordered by (createdAt, id). */
export interface EndpointCursor {
  createdAt: Date;
  id: string;
}

/** Position after the last delivery of a page ordered by (createdAt, sequence, id), newest first. */
export interface DeliveryCursor {
  createdAt: Date;
  sequence: number;
  id: string;
}

/**
 * Writers store millisecond timestamps (JavaScript dates) in the columns cursors use, so the ISO string in a cursor
 * compares exactly with the stored value.
 */
export function encodeEndpointCursor(cursor: EndpointCursor): string {
  return encode([cursor.createdAt.toISOString(), cursor.id]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeEndpointCursor(value: string): EndpointCursor | null {
  const parts = decode(value);
  if (!parts || parts.length !== 2) return null;
  const [createdAt, id] = parts;
  const date = parseDate(createdAt);
  if (!date || typeof id !== 'string' || !isUUID(id)) return null;
  return { createdAt: date, id };
}

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return encode([cursor.createdAt.toISOString(), cursor.sequence, cursor.id]);
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeDeliveryCursor(value: string): DeliveryCursor | null {
  const parts = decode(value);
  if (!parts || parts.length !== 3) return null;
  const [createdAt, sequence, id] = parts;
  const date = parseDate(createdAt);
  if (!date || typeof id !== 'string' || !isUUID(id)) return null;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return null;
  return { createdAt: date, sequence, id };
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
