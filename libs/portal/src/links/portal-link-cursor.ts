import { isUUID } from 'class-validator';

/** Position after the last link of a page ordered by (createdAt, id) descending. */
export interface PortalLinkCursor {
  createdAt: Date;
  id: string;
}

export function encodePortalLinkCursor(cursor: PortalLinkCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodePortalLinkCursor(value: string): PortalLinkCursor | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(value)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 2) return null;
  const [createdAt, id] = parts as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUUID(id)) return null;
  const date = new Date(createdAt);
  // Only the exact form encode wrote: anything else was not made here.
  return Number.isNaN(date.getTime()) || date.toISOString() !== createdAt ? null : { createdAt: date, id };
}
