import { EVENT_TYPES } from '@scimflow/contracts';
import { isEventTypePattern } from './event-type-pattern';

describe(isEventTypePattern.name, () => {
  it.each([...EVENT_TYPES, '*', 'directory.*', 'directory.user.*', 'directory.group.*'])(
    'accepts %p',
    (pattern) => {
      expect(isEventTypePattern(pattern)).toBe(true);
    },
  );

  it.each([
    '',
    'directory',
    'directory.user',
    'directory.usr.*',
    'directory.us*',
    'directory.user.created.*',
    '*.created',
    'directory.user.**',
    'Directory.user.created',
    ' directory.user.created',
    42,
    null,
  ])('refuses %p', (pattern) => {
    expect(isEventTypePattern(pattern)).toBe(false);
  });
});
