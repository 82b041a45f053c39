import { bearerToken } from './bearer-token';

describe(bearerToken.name, () => {
  it.each([
    ['Bearer scim_abc', 'scim_abc'],
    ['bearer scim_abc', 'scim_abc'],
    ['BEARER   scim_abc  ', 'scim_abc'],
    ['Bearer\tscim_abc', 'scim_abc'],
  ])('reads the token of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    [undefined],
    [''],
    ['Bearer'],
    ['Bearer '],
    ['Basic dXNlcjpwYXNz'],
    ['scim_abc'],
    ['Bearer two tokens'],
    [['Bearer a', 'Bearer b']],
  ])('finds no token in %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
