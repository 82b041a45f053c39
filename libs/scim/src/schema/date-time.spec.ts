import { parseDateTime } from './date-time';

describe(parseDateTime.name, () => {
  it.each<readonly [string, number | undefined]>([
    ['2011-05-13T04:42:34Z', Date.UTC(2011, 4, 13, 4, 42, 34)],
    ['2011-05-13T04:42:34.123Z', Date.UTC(2011, 4, 13, 4, 42, 34, 123)],
    ['2011-05-13T04:42:34.123456789Z', Date.UTC(2011, 4, 13, 4, 42, 34, 123)],
    ['2011-05-13T06:42:34+02:00', Date.UTC(2011, 4, 13, 4, 42, 34)],
    ['2011-05-13T04:42:34', Date.UTC(2011, 4, 13, 4, 42, 34)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2023-02-29T00:00:00Z', undefined],
    ['2011-13-13T04:42:34Z', undefined],
    ['2011-05-13 04:42:34Z', undefined],
    ['2011-05-13', undefined],
    ['yesterday', undefined],
    ['2011-05-13T25:00:00Z', undefined],
    [`2011-05-13T04:42:34.${'1'.repeat(100)}Z`, undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });
});
