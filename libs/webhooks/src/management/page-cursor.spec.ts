import { randomUUID } from 'node:crypto';
import {
  decodeDeliveryCursor,
  decodeEndpointCursor,
  encodeDeliveryCursor,
  encodeEndpointCursor,
} from './page-cursor';

describe('page cursors', () => {
  it('round-trips an endpoint cursor', () => {
    const cursor = { createdAt: new Date('2025-11-28T16:29:00.123Z'), id: randomUUID() };
    expect(decodeEndpointCursor(encodeEndpointCursor(cursor))).toEqual(cursor);
  });

  it('round-trips a delivery cursor', () => {
    const cursor = { createdAt: new Date('2025-11-28T16:29:00.123Z'), sequence: 42, id: randomUUID() };
    expect(decodeDeliveryCursor(encodeDeliveryCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
    [
      'a date in another form',
      Buffer.from(JSON.stringify(['2025-11-28', randomUUID()])).toString('base64url'),
    ],
    [
      'an id that is not a uuid',
      Buffer.from(JSON.stringify(['2025-11-28T16:29:00.123Z', 'x'])).toString('base64url'),
    ],
    ['too long', 'a'.repeat(600)],
  ])('refuses %s as an endpoint cursor', (_label, value) => {
    expect(decodeEndpointCursor(value)).toBeNull();
  });

  it.each([
    ['a negative sequence', ['2025-11-28T16:29:00.123Z', -1, randomUUID()]],
    ['a fractional sequence', ['2025-11-28T16:29:00.123Z', 1.5, randomUUID()]],
    ['a sequence as text', ['2025-11-28T16:29:00.123Z', '1', randomUUID()]],
    ['an endpoint cursor', ['2025-11-28T16:29:00.123Z', randomUUID()]],
  ])('refuses %s as a delivery cursor', (_label, parts) => {
    expect(decodeDeliveryCursor(Buffer.from(JSON.stringify(parts)).toString('base64url'))).toBeNull();
  });
});
