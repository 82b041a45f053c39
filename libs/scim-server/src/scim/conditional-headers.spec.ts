import { ifMatchForCommand } from './conditional-headers';

describe(ifMatchForCommand.name, () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['*', '*'],
    ['W/"3"', 'W/"3"'],
    ['"3"', 'W/"3"'],
    ['3', 'W/"3"'],
    ['W/"3", "4"', 'W/"3", W/"4"'],
  ])('%j → %j', (header, expected) => {
    expect(ifMatchForCommand(header)).toBe(expected);
  });
});
