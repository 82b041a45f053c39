import { likeSubstring } from './like-pattern';

describe(likeSubstring.name, () => {
  it.each([
    ['Jane', '%jane%'],
    ['100%', '%100\\%%'],
    ['first_last', '%first\\_last%'],
    ['back\\slash', '%back\\\\slash%'],
  ])('turns %p into %p', (search, pattern) => {
    expect(likeSubstring(search)).toBe(pattern);
  });
});
