import type { ScimCall } from '../http/scim-call.decorator';
import { parseScimRoute } from '../http/scim-route';
import type { ScimResourceService } from './scim-resource.service';
import { ScimResourceRoutes } from './scim-resource-routes';

const DIRECTORY = '4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60';
const SEARCH = { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName pr' };

/** Which method of the resource service a request reached, with which arguments. */
function recordingService(): { service: ScimResourceService; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args.slice(1)]);
      return Promise.resolve({ status: 200 });
    };
  const service = {
    list: record('list'),
    get: record('get'),
    create: record('create'),
    replace: record('replace'),
    patch: record('patch'),
    delete: record('delete'),
  } as unknown as ScimResourceService;
  return { service, calls };
}

const call = (body?: unknown): ScimCall => ({
  identity: { directoryId: DIRECTORY, organizationId: 'org-1', provider: 'okta' },
  credential: undefined,
  correlationId: 'c-1',
  query: { count: '2' },
  body,
  preserveAttributes: [],
  allowEmptyOperations: false,
  ifMatch: undefined,
  ifNoneMatch: undefined,
});

describe(ScimResourceRoutes.name, () => {
  it.each([
    ['GET', 'Users', ['list', 'User', { count: '2' }]],
    ['HEAD', 'groups', ['list', 'Group', { count: '2' }]],
    ['POST', 'Users', ['create', 'User']],
    ['POST', 'Groups/.search', ['list', 'Group', SEARCH]],
    ['POST', 'USERS/.SEARCH', ['list', 'User', SEARCH]],
    ['GET', 'Users/u%201', ['get', 'User', 'u 1']],
    ['HEAD', 'Users/u1', ['get', 'User', 'u1']],
    ['PUT', 'Groups/g1', ['replace', 'Group', 'g1']],
    ['PATCH', 'Groups/g1/', ['patch', 'Group', 'g1']],
    ['DELETE', 'users/u1', ['delete', 'User', 'u1']],
  ])('routes %s /%s to the resource service', async (method, path, expected) => {
    const { service, calls } = recordingService();
    const route = parseScimRoute(`/scim/v2/${DIRECTORY}/${path}?count=2`);
    const handler = route && new ScimResourceRoutes(service).handlerFor(method, route);

    expect(handler).toBeDefined();
    await handler?.(call(SEARCH));
    expect(calls).toEqual([expected]);
  });

  it.each([
    ['GET', 'ServiceProviderConfig'],
    ['GET', 'Schemas/urn:ietf:params:scim:schemas:core:2.0:User'],
    ['POST', '.search'],
    ['POST', 'Bulk'],
    ['GET', 'Me'],
    ['GET', ''],
    ['GET', 'Devices'],
    ['PATCH', 'Users'],
    ['DELETE', 'Groups'],
    ['PUT', 'Users'],
    ['POST', 'Users/u1'],
    ['OPTIONS', 'Users/u1'],
    ['GET', 'Users/u1/manager'],
    ['GET', 'Users/.search'],
    ['PUT', 'Groups/.Search'],
    ['DELETE', 'Users/.search'],
  ])('leaves %s /%s to the controllers', (method, path) => {
    const { service } = recordingService();
    const route = parseScimRoute(`/scim/v2/${DIRECTORY}/${path}`);

    expect(route && new ScimResourceRoutes(service).handlerFor(method, route)).toBeUndefined();
  });
});
