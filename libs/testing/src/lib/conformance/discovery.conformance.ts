import {
  ENTERPRISE_URN,
  expectScimError,
  expectStatus,
  GROUP_URN,
  LIST_URN,
  newDirectory,
  SCIM_JSON,
  USER_URN,
  type ConformanceDirectory,
  type ConformanceTarget,
  type Json,
} from './conformance-client';

const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The discovery endpoints: /ServiceProviderConfig, /ResourceTypes, /Schemas (RFC 7644 §4, RFC 7643 §5–7). */
export function discoveryConformance(target: () => ConformanceTarget): void {
  let directory: ConformanceDirectory;

  beforeAll(async () => {
    directory = await newDirectory(target());
  });

  it('describes the service provider: patch, bulk, filter, sort, etag, changePassword and authentication schemes', async () => {
    const answer = await directory.request('GET', '/ServiceProviderConfig');
    expectStatus(answer, 200);
    expect(answer.headers.get('content-type')).toContain(SCIM_JSON);
    const config = answer.body;
    expect(config.schemas).toEqual([SPC_URN]);
    for (const feature of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'])
      expect(typeof config[feature]?.supported).toBe('boolean');
    expect(config.patch.supported).toBe(true);
    expect(config.filter.supported).toBe(true);
    expect(config.filter.maxResults).toBeGreaterThan(0);
    expect(config.sort.supported).toBe(true);
    expect(config.etag.supported).toBe(true);
    expect(typeof config.bulk.maxOperations).toBe('number');
    expect(typeof config.bulk.maxPayloadSize).toBe('number');
    expect(config.authenticationSchemes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'oauthbearertoken',
          name: expect.any(String),
          description: expect.any(String),
        }),
      ]),
    );
    expect(config.meta).toMatchObject({
      resourceType: 'ServiceProviderConfig',
      location: expect.any(String),
    });
  });

  it('lists the User and Group resource types, with the enterprise extension on User (RFC 7643 §6)', async () => {
    const answer = await directory.request('GET', '/ResourceTypes');
    expectStatus(answer, 200);
    const byId = new Map<string, Json>();
    const resources: Json[] = answer.body.Resources ?? answer.body;
    if (answer.body.schemas) {
      expect(answer.body.schemas).toEqual([LIST_URN]);
      expect(answer.body.totalResults).toBe(resources.length);
    }
    for (const resourceType of resources) byId.set(resourceType.id ?? resourceType.name, resourceType);
    expect(byId.get('User')).toMatchObject({
      schemas: [RESOURCE_TYPE_URN],
      name: 'User',
      endpoint: '/Users',
      schema: USER_URN,
      schemaExtensions: expect.arrayContaining([
        expect.objectContaining({ schema: ENTERPRISE_URN, required: false }),
      ]),
      meta: expect.objectContaining({ resourceType: 'ResourceType', location: expect.any(String) }),
    });
    expect(byId.get('Group')).toMatchObject({ name: 'Group', endpoint: '/Groups', schema: GROUP_URN });

    const user = await directory.request('GET', '/ResourceTypes/User');
    expectStatus(user, 200);
    expect(user.body).toMatchObject({ name: 'User', endpoint: '/Users', schema: USER_URN });
    expectScimError(await directory.request('GET', '/ResourceTypes/Printer'), 404);
  });

  it('publishes the User, Group and enterprise User schemas with their attributes and characteristics (RFC 7643 §7)', async () => {
    const answer = await directory.request('GET', '/Schemas');
    expectStatus(answer, 200);
    const resources: Json[] = answer.body.Resources ?? answer.body;
    const ids = resources.map((schema) => schema.id);
    expect(ids).toEqual(expect.arrayContaining([USER_URN, GROUP_URN, ENTERPRISE_URN]));

    const user = await directory.request('GET', `/Schemas/${USER_URN}`);
    expectStatus(user, 200);
    expect(user.body).toMatchObject({ id: USER_URN, name: 'User', schemas: [SCHEMA_URN] });
    const attribute = (name: string): Json =>
      (user.body.attributes as Json[]).find((candidate) => candidate.name === name);
    expect(attribute('userName')).toMatchObject({
      type: 'string',
      multiValued: false,
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(attribute('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attribute('emails')).toMatchObject({ type: 'complex', multiValued: true });
    expect((attribute('emails').subAttributes as Json[]).map((sub) => sub.name)).toEqual(
      expect.arrayContaining(['value', 'type', 'primary']),
    );
    expect(attribute('groups')).toMatchObject({ mutability: 'readOnly' });
    expect(attribute('name')).toMatchObject({ type: 'complex', multiValued: false });

    const group = await directory.request('GET', `/Schemas/${GROUP_URN}`);
    expectStatus(group, 200);
    const members = (group.body.attributes as Json[]).find((candidate) => candidate.name === 'members');
    expect(members).toMatchObject({ type: 'complex', multiValued: true });

    const enterprise = await directory.request('GET', `/Schemas/${ENTERPRISE_URN}`);
    expectStatus(enterprise, 200);
    expect((enterprise.body.attributes as Json[]).map((candidate) => candidate.name)).toEqual(
      expect.arrayContaining([
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]),
    );

    expectScimError(await directory.request('GET', '/Schemas/urn:example:unknown'), 404);
  });

  it('answers discovery without filtering support and refuses a filter on it (RFC 7644 §4)', async () => {
    const answer = await directory.request('GET', '/ResourceTypes?filter=name%20eq%20%22User%22');
    // §4: "If a "filter" is provided, the service provider SHOULD respond with HTTP status code 403 (Forbidden)"
    expect([200, 403]).toContain(answer.status);
    if (answer.status === 403) expectScimError(answer, 403);
  });

  it('answers /Me, an alias for the authenticated user, with 501: a directory token is no user (RFC 7644 §3.11)', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { schemas: [USER_URN], userName: 'me@example.com' }],
      ['DELETE', undefined],
    ] as const) {
      expectScimError(await directory.request(method, '/Me', body === undefined ? {} : { body }), 501);
    }
    expectScimError(await directory.request('GET', '/Me', { token: '' }), 401);
  });

  it('advertises /Bulk truthfully: unsupported bulk answers 501 with a SCIM error', async () => {
    const config = (await directory.request('GET', '/ServiceProviderConfig')).body;
    const bulk = await directory.request('POST', '/Bulk', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] },
    });
    if (config.bulk.supported) expect(bulk.status).toBe(200);
    else expectScimError(bulk, 501);
  });
}
