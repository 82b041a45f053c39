import { allowedMethods, parseScimRoute, type ScimRoute } from './scim-route';

describe(parseScimRoute.name, () => {
  const directoryId = '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60';

  it.each([
    [`/scim/v2/${directoryId}/Users`, ['Users'], 'User'],
    [`/scim/v2/${directoryId}/Users/`, ['Users'], 'User'],
    [`/scim/v2/${directoryId}/users/abc?filter=x`, ['users', 'abc'], 'User'],
    [`/scim/v2/${directoryId}/Groups/a%20b`, ['Groups', 'a b'], 'Group'],
    [`/scim/v2/${directoryId}/Groups/.search`, ['Groups', '.search'], 'Group'],
    [`/scim/v2/${directoryId}/.search`, ['.search'], 'Search'],
    [`/scim/v2/${directoryId}/ServiceProviderConfig`, ['ServiceProviderConfig'], 'ServiceProviderConfig'],
    [`/scim/v2/${directoryId}/ResourceTypes/User`, ['ResourceTypes', 'User'], 'ResourceType'],
    [`/scim/v2/${directoryId}/Schemas`, ['Schemas'], 'Schema'],
    [`/scim/v2/${directoryId}/Bulk`, ['Bulk'], 'Bulk'],
    [`/scim/v2/${directoryId}/Devices`, ['Devices'], undefined],
    [`/scim/v2/${directoryId}`, [], undefined],
  ])('splits %s', (url, segments, resourceType) => {
    expect(parseScimRoute(url)).toEqual({ directoryId, segments, resourceType });
  });

  it.each([['/scim/v2/'], ['/scim/v2'], ['/api/v1/directories'], ['/scim/v2/%E0%A4%A/Users']])(
    'rejects %s',
    (url) => {
      expect(parseScimRoute(url)).toBeUndefined();
    },
  );
});

describe(allowedMethods.name, () => {
  const route = (path: string): ScimRoute => {
    const parsed = parseScimRoute(`/scim/v2/4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60/${path}`);
    if (!parsed) throw new Error(`no route for ${path}`);
    return parsed;
  };

  it.each([
    ['Users', ['GET', 'HEAD', 'POST']],
    ['groups/', ['GET', 'HEAD', 'POST']],
    ['Users/u1', ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']],
    ['Groups/.search', ['POST']],
    ['Users/.SEARCH', ['POST']],
    ['.search', ['POST']],
    ['ServiceProviderConfig', ['GET', 'HEAD']],
    ['ResourceTypes', ['GET', 'HEAD']],
    ['ResourceTypes/User', ['GET', 'HEAD']],
    ['Schemas', ['GET', 'HEAD']],
    ['Schemas/urn:ietf:params:scim:schemas:core:2.0:User', ['GET', 'HEAD']],
  ])('says /%s answers %j', (path, methods) => {
    expect(allowedMethods(route(path))).toEqual(methods);
  });

  it.each([
    [''],
    ['Devices'],
    ['Users/u1/manager'],
    ['.search/x'],
    ['ServiceProviderConfig/x'],
    ['ServiceProviderConfigs'],
    ['Bulk'],
    ['Me'],
  ])('names no endpoint at /%s', (path) => {
    expect(allowedMethods(route(path))).toBeUndefined();
  });
});
