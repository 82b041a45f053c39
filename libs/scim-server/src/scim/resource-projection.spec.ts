import { createProjector, SchemaSet } from '@scimflow/scim';
import { etagOf, locationOf, membersWanted, projectionOf } from './resource-projection';

const schemaSet = SchemaSet.standard();

describe(projectionOf.name, () => {
  it.each([
    [{}, { attributes: [], excludedAttributes: [] }],
    [{ attributes: 'userName, emails' }, { attributes: ['userName', 'emails'], excludedAttributes: [] }],
    [{ ExcludedAttributes: 'members' }, { attributes: [], excludedAttributes: ['members'] }],
    [
      { attributes: ['userName', 'name.givenName'] },
      { attributes: ['userName', 'name.givenName'], excludedAttributes: [] },
    ],
  ])('reads %j', (params, expected) => {
    expect(projectionOf(params)).toEqual(expected);
  });
});

describe(membersWanted.name, () => {
  it.each([
    [{}, true],
    [{ excludedAttributes: ['members'] }, false],
    [{ excludedAttributes: ['Members'] }, false],
    [{ excludedAttributes: ['urn:ietf:params:scim:schemas:core:2.0:Group:members'] }, false],
    [{ excludedAttributes: ['members.display'] }, true],
    [{ attributes: ['displayName'] }, false],
    [{ attributes: ['displayName', 'members.value'] }, true],
    [{ attributes: ['members'] }, true],
  ])('%j → %s', (projection, expected) => {
    expect(membersWanted(projection, schemaSet)).toBe(expected);
  });
});

describe('projection of resources', () => {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'u-1',
    userName: 'ada@acme.example',
    password: 'hunter2',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ value: 'ada@acme.example', primary: true }],
    meta: { resourceType: 'User', version: 'W/"3"', location: 'https://x/scim/v2/d/Users/u-1' },
  };

  it.each([
    [{}, ['schemas', 'id', 'userName', 'name', 'emails', 'meta']],
    [projectionOf({ attributes: 'userName' }), ['schemas', 'id', 'userName']],
    [projectionOf({ excludedAttributes: 'emails,name' }), ['schemas', 'id', 'userName', 'meta']],
    [projectionOf({ attributes: 'password' }), ['schemas', 'id']],
  ])('applies %j and never returns the password', (projection, keys) => {
    const projected = createProjector(projection, schemaSet, 'User')(user);
    expect(Object.keys(projected)).toEqual(keys);
  });
});

describe(etagOf.name, () => {
  it.each([
    [{ meta: { version: 'W/"7"' } }, undefined, 'W/"7"'],
    [{ meta: {} }, 4, 'W/"4"'],
    [{}, undefined, undefined],
  ])('%j (version %s) → %s', (resource, version, expected) => {
    expect(etagOf(resource, version)).toBe(expected);
  });
});

describe(locationOf.name, () => {
  it.each([
    [{ meta: { location: 'https://x/Users/1' } }, 'https://x/Users/1'],
    [{ meta: { location: 3 } }, undefined],
    [{}, undefined],
  ])('%j → %s', (resource, expected) => {
    expect(locationOf(resource)).toBe(expected);
  });
});
