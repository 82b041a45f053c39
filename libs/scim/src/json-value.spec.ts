import { getProperty, isAssigned, jsonEqual } from './json-value';

describe(jsonEqual.name, () => {
  it.each<readonly [unknown, unknown, boolean]>([
    [1, 1, true],
    ['a', 'A', false],
    [null, null, true],
    [null, undefined, false],
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [[1], { 0: 1 }, false],
    [{}, [], false],
  ])('%j vs %j → %s', (left, right, expected) => {
    expect(jsonEqual(left, right)).toBe(expected);
    expect(jsonEqual(right, left)).toBe(expected);
  });
});

describe(isAssigned.name, () => {
  it.each<readonly [unknown, boolean]>([
    [undefined, false],
    [null, false],
    ['', false],
    [[], false],
    [{}, false],
    [{ a: null, b: [] }, false],
    [false, true],
    [0, true],
    ['x', true],
    [[null], true],
    [{ a: 'x' }, true],
  ])('%j → %s', (value, expected) => {
    expect(isAssigned(value)).toBe(expected);
  });
});

describe(getProperty.name, () => {
  it('prefers the exact name and falls back to any case', () => {
    expect(getProperty({ userName: 'a', USERNAME: 'b' }, 'userName')).toBe('a');
    expect(getProperty({ USERNAME: 'b' }, 'userName')).toBe('b');
    expect(getProperty({ user: 'c' }, 'userName')).toBeUndefined();
  });
});
