import { parsePatchPath } from './scim-schema';

describe(parsePatchPath.name, () => {
  it.each([
    ['active', { schema: null, attribute: 'active', subAttribute: null, filtered: false }],
    ['name.givenName', { schema: null, attribute: 'name', subAttribute: 'givenName', filtered: false }],
    [
      'members[value eq "2819c223"]',
      { schema: null, attribute: 'members', subAttribute: null, filtered: true },
    ],
    [
      'emails[type eq "work"].value',
      { schema: null, attribute: 'emails', subAttribute: 'value', filtered: true },
    ],
    [
      'emails[value eq "a]b"].primary',
      { schema: null, attribute: 'emails', subAttribute: 'primary', filtered: true },
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:active',
      {
        schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        attribute: 'active',
        subAttribute: null,
        filtered: false,
      },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      {
        schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        attribute: 'manager',
        subAttribute: 'value',
        filtered: false,
      },
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].primary',
      {
        schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        attribute: 'emails',
        subAttribute: 'primary',
        filtered: true,
      },
    ],
  ])('parses %s', (path, expected) => {
    expect(parsePatchPath(path)).toEqual(expected);
  });

  it.each(['', '   ', 'emails]type[', 'emails[type eq "work"]value', '.givenName'])(
    'gives up on %j',
    (path) => {
      expect(parsePatchPath(path)).toBeNull();
    },
  );
});
