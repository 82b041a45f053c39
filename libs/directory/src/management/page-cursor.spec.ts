import { decodeEventCursor, decodePageCursor, encodeEventCursor, encodePageCursor } from './page-cursor';

const ID = '3f1c2b9e-8a4d-4c71-9b0e-2d5f6a7b8c9d';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

describe('page cursor', () => {
  it('decodes what it encodes, to the millisecond', () => {
    const cursor = { createdAt: new Date('2026-03-01T10:20:30.456Z'), id: ID };
    const encoded = encodePageCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url of no JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object', base64url({ createdAt: '2026-03-01T10:20:30.456Z', id: ID })],
    ['too few parts', base64url(['2026-03-01T10:20:30.456Z'])],
    ['a date in another format', base64url(['2026-03-01 10:20:30', ID])],
    ['an impossible date', base64url(['2026-13-45T10:20:30.456Z', ID])],
    ['an id that is not a uuid', base64url(['2026-03-01T10:20:30.456Z', "x' OR 1=1 --"])],
    ['a number for the id', base64url(['2026-03-01T10:20:30.456Z', 7])],
    ['an event cursor', encodeEventCursor(1)],
  ])('refuses %s', (_label, value) => {
    expect(decodePageCursor(value)).toBeNull();
  });
});

describe('event cursor', () => {
  it.each([0, 1, 42, Number.MAX_SAFE_INTEGER])('decodes what it encodes: position %d', (position) => {
    const encoded = encodeEventCursor(position);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeEventCursor(encoded)).toBe(position);
  });

  it.each([
    ['a negative position', base64url(['p', -1])],
    ['a fractional position', base64url(['p', 1.5])],
    ['a position as a string', base64url(['p', '1'])],
    ['a position past 2^53', base64url(['p', 2 ** 53])],
    ['another tag', base64url(['q', 1])],
    ['a bare number', base64url([1])],
    ['the former (occurredAt, directoryId, sequence) form', base64url(['2026-03-01T10:20:30.456Z', ID, 1])],
    ['a page cursor', encodePageCursor({ createdAt: new Date(0), id: ID })],
  ])('refuses %s', (_label, value) => {
    expect(decodeEventCursor(value)).toBeNull();
  });
});
