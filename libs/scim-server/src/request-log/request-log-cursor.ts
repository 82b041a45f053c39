/** Position after the last entry of a page of the request log, newest first: (receivedAt, id) descending. */
export interface RequestLogCursor {
  receivedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeRequestLogCursor(cursor: RequestLogCursor): string {
  return Buffer.from(JSON.stringify([cursor.receivedAt.toISOString(), cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/** The cursor, or null when `value` is not one this API gave out. */
export function decodeRequestLogCursor(value: string): RequestLogCursor | null {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(value)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 2) return null;
  const [receivedAt, id] = parts as unknown[];
  if (typeof receivedAt !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
  const date = new Date(receivedAt);
  // Only the exact form encode writes: anything else was not made here.
  if (Number.isNaN(date.getTime()) || date.toISOString() !== receivedAt) return null;
  return { receivedAt: date, id };
}
