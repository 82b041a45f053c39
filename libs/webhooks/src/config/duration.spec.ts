import { isDurationList, parseDuration, parseDurationList } from './duration';

describe(parseDuration.name, () => {
  it.each([
    ['0s', 0],
    ['200ms', 200],
    ['5s', 5_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['5d', 432_000_000],
    [' 10h ', 36_000_000],
  ])('reads %p as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 's', '-5s', '5 s', '5w', '5S', '1e3ms', '.5s'])('refuses %p', (text) => {
    expect(() => parseDuration(text)).toThrow('is not a duration');
  });
});

describe(parseDurationList.name, () => {
  it('reads the default retry schedule in order', () => {
    expect(parseDurationList('0s,5s,5m,30m,2h,5h,10h,10h')).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it('accepts spaces around the items', () => {
    expect(parseDurationList('0s, 200ms ,200ms')).toEqual([0, 200, 200]);
  });

  it.each(['', '0s,', ',5s', '0s,,5s', '0s,five'])('refuses %p', (text) => {
    expect(() => parseDurationList(text)).toThrow();
    expect(isDurationList(text)).toBe(false);
  });
});
