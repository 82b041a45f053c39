import { subsetMismatch, valueAtPath } from './json-subset';

describe(subsetMismatch.name, () => {
  it.each<[string, unknown, unknown]>([
    ['equal primitives', 1, 1],
    ['an object with more keys', { id: 'a' }, { id: 'a', userName: 'b' }],
    [
      'nested objects',
      { name: { givenName: 'Ada' } },
      { name: { givenName: 'Ada', familyName: 'Lovelace' } },
    ],
    ['lists in another order', [{ value: 'a' }, { value: 'b' }], [{ value: 'b', type: 'x' }, { value: 'a' }]],
    ['empty lists', [], []],
    ['null', { emails: null }, { emails: null }],
    [
      'a loose item that must not steal the only candidate of a later one',
      [{}, { value: 'a' }],
      [{ value: 'a' }, { value: 'b' }],
    ],
  ])('matches %s', (_title, expected, actual) => {
    expect(subsetMismatch(expected, actual)).toBeNull();
  });

  it.each<[string, unknown, unknown, string]>([
    ['a different value', { active: false }, { active: true }, '$.active: expected false, got true'],
    [
      'a string for a number',
      { totalResults: 0 },
      { totalResults: '0' },
      '$.totalResults: expected 0, got "0"',
    ],
    ['a missing key', { id: 'a' }, {}, '$.id: missing'],
    [
      'a list of another length',
      { Resources: [] },
      { Resources: [{ id: 'a' }] },
      '$.Resources: expected 0 items, got 1',
    ],
    [
      'an unmatched item',
      { emails: [{ value: 'a' }] },
      { emails: [{ value: 'b' }] },
      '$.emails[0]: no item matches',
    ],
    ['an object for a list', [1], { 0: 1 }, '$: expected a list'],
    ['a list for an object', { a: 1 }, [1], '$: expected an object'],
    ['undefined', { a: 1 }, undefined, '$: expected an object, got undefined'],
  ])('reports %s', (_title, expected, actual, message) => {
    expect(subsetMismatch(expected, actual)).toContain(message);
  });
});

describe(valueAtPath.name, () => {
  it.each<[string, unknown]>([
    ['id', 'u1'],
    ['Resources.0.id', 'r1'],
    ['Resources.1.id', undefined],
    ['Resources.x', undefined],
    ['missing.deeper', undefined],
  ])('%s', (path, expected) => {
    expect(valueAtPath({ id: 'u1', Resources: [{ id: 'r1' }] }, path)).toBe(expected);
  });
});
