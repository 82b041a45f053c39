import { decodeRequestLogCursor, encodeRequestLogCursor } from './request-log-cursor';

describe(decodeRequestLogCursor.name, () => {
  it('reads back what encode wrote', () => {
    const cursor = {
      receivedAt: new Date('2026-11-20T10:11:12.345Z'),
      id: '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60',
    };
    expect(decodeRequestLogCursor(encodeRequestLogCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a+b/c'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['a wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad id', Buffer.from('["2026-11-20T10:11:12.345Z","x"]').toString('base64url')],
    [
      'a loose date',
      Buffer.from('["2026-11-20","4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60"]').toString('base64url'),
    ],
    ['too long', 'a'.repeat(300)],
  ])('refuses %s', (_name, value) => {
    expect(decodeRequestLogCursor(value)).toBeNull();
  });
});
