import { decodePortalLinkCursor, encodePortalLinkCursor } from './portal-link-cursor';

describe(decodePortalLinkCursor.name, () => {
  it('reads back what encodePortalLinkCursor wrote', () => {
    const cursor = {
      createdAt: new Date('2026-11-28T12:00:00.123Z'),
      id: '0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11',
    };
    expect(decodePortalLinkCursor(encodePortalLinkCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    [
      'three parts',
      Buffer.from('["2026-11-28T12:00:00.000Z","0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11",1]').toString(
        'base64url',
      ),
    ],
    [
      'a date in another form',
      Buffer.from('["2026-11-28","0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11"]').toString('base64url'),
    ],
    ['an id that is not a uuid', Buffer.from('["2026-11-28T12:00:00.000Z","abc"]').toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(decodePortalLinkCursor(value)).toBeNull();
  });
});
