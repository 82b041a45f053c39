import { etagFromVersion, evaluatePreconditions, parseEntityTags } from './etag';

describe(etagFromVersion.name, () => {
  it('makes a weak ETag from a version', () => {
    expect(etagFromVersion(7)).toBe('W/"7"');
    expect(etagFromVersion('e180ee84f0671b1')).toBe('W/"e180ee84f0671b1"');
    expect(() => etagFromVersion('a"b')).toThrow();
  });
});

describe(parseEntityTags.name, () => {
  it.each<readonly [string, ReturnType<typeof parseEntityTags>]>([
    ['*', '*'],
    ['W/"7"', [{ weak: true, opaque: '7' }]],
    ['"7"', [{ weak: false, opaque: '7' }]],
    [
      'W/"1", "2" ,w/"3"',
      [
        { weak: true, opaque: '1' },
        { weak: false, opaque: '2' },
        { weak: true, opaque: '3' },
      ],
    ],
    ['7', [{ weak: false, opaque: '7' }]],
    ['"a,b"', [{ weak: false, opaque: 'a,b' }]],
    ['', []],
  ])('%j', (header, expected) => {
    expect(parseEntityTags(header)).toEqual(expected);
  });
});

describe(evaluatePreconditions.name, () => {
  const current = 'W/"7"';
  it.each<readonly [string, { ifMatch?: string; ifNoneMatch?: string }, string | undefined, string]>([
    ['PUT', {}, current, 'proceed'],
    ['PUT', { ifMatch: 'W/"7"' }, current, 'proceed'],
    ['PATCH', { ifMatch: '"7"' }, current, 'proceed'],
    ['PATCH', { ifMatch: 'W/"6", W/"7"' }, current, 'proceed'],
    ['PUT', { ifMatch: 'W/"6"' }, current, 'precondition-failed'],
    ['DELETE', { ifMatch: '*' }, current, 'proceed'],
    ['DELETE', { ifMatch: '*' }, undefined, 'precondition-failed'],
    ['PUT', { ifMatch: 'W/"7"' }, undefined, 'precondition-failed'],
    ['GET', { ifNoneMatch: 'W/"7"' }, current, 'not-modified'],
    ['HEAD', { ifNoneMatch: '*' }, current, 'not-modified'],
    ['GET', { ifNoneMatch: 'W/"6"' }, current, 'proceed'],
    ['PUT', { ifNoneMatch: 'W/"7"' }, current, 'precondition-failed'],
    ['POST', { ifNoneMatch: '*' }, undefined, 'proceed'],
    ['PUT', { ifMatch: 'W/"7"', ifNoneMatch: 'W/"7"' }, current, 'precondition-failed'],
    ['PUT', { ifMatch: '  ' }, current, 'proceed'],
  ])('%s with %j on %s → %s', (method, headers, etag, expected) => {
    expect(evaluatePreconditions({ method, ...headers }, etag)).toBe(expected);
  });
});
