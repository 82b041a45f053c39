import { SchemaSet } from '../schema/schema-set';
import {
  resourceLocation,
  resourceTypeResource,
  resourceTypesResponse,
  schemaResource,
  schemasResponse,
  serviceProviderConfig,
} from './discovery';

const schemaSet = SchemaSet.standard();
const BASE = 'https://sso.example.com/scim/v2/d_123';

describe(serviceProviderConfig.name, () => {
  it('describes the server: patch, filter with maxResults, sort and etag supported; bulk and password change not', () => {
    expect(
      serviceProviderConfig({
        baseUrl: `${BASE}/`,
        maxResults: 200,
        maxPayloadSize: 1_048_576,
        documentationUri: 'https://docs.example.com/scim',
        authenticationDocumentationUri: 'https://docs.example.com/scim/tokens',
      }),
    ).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://docs.example.com/scim',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication with the bearer token issued for this directory',
          specUri: 'https://www.rfc-editor.org/info/rfc6750',
          documentationUri: 'https://docs.example.com/scim/tokens',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${BASE}/ServiceProviderConfig` },
    });
  });

  it('lets the server switch features off', () => {
    const config = serviceProviderConfig({
      baseUrl: BASE,
      maxResults: 10,
      maxPayloadSize: 1,
      sort: false,
      etag: false,
      patch: false,
    });
    expect(config).toMatchObject({
      patch: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
    });
    expect(config).not.toHaveProperty('documentationUri');
  });
});

describe(resourceTypesResponse.name, () => {
  it('lists User (with the optional Enterprise extension) and Group', () => {
    expect(resourceTypesResponse(schemaSet, BASE)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 2,
      Resources: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
          id: 'User',
          name: 'User',
          endpoint: '/Users',
          description: 'User Account',
          schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
          schemaExtensions: [
            { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
          ],
          meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
        },
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
          id: 'Group',
          name: 'Group',
          endpoint: '/Groups',
          description: 'Group',
          schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
          schemaExtensions: [],
          meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/Group` },
        },
      ],
    });
  });

  it('serves one resource type, 404 for an unknown one', () => {
    expect(resourceTypeResource(schemaSet, 'group', BASE)).toMatchObject({ id: 'Group' });
    expect(() => resourceTypeResource(schemaSet, 'Device', BASE)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});

describe(schemasResponse.name, () => {
  it('lists the three schemas with RFC 7643 §7 attribute characteristics', () => {
    const response = schemasResponse(schemaSet, BASE);
    expect(response.totalResults).toBe(3);
    expect(response.Resources.map((schema) => schema['id'])).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    const group = response.Resources[2] ?? {};
    expect(group['meta']).toEqual({
      resourceType: 'Schema',
      location: `${BASE}/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group`,
    });
    expect((group['attributes'] as unknown[])[1]).toEqual({
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'The members of the Group.',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      subAttributes: [
        {
          name: 'value',
          type: 'string',
          multiValued: false,
          description: 'The id of the member.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
        {
          name: '$ref',
          type: 'reference',
          multiValued: false,
          description: 'The URI of the member resource.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
          referenceTypes: ['User', 'Group'],
        },
        {
          name: 'type',
          type: 'string',
          multiValued: false,
          description: "The type of the member resource: 'User' or 'Group'.",
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
          canonicalValues: ['User', 'Group'],
        },
        {
          name: 'display',
          type: 'string',
          multiValued: false,
          description: 'A human-readable name of the member.',
          required: false,
          caseExact: false,
          mutability: 'readOnly',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
    });
  });

  it('never serves internal fields', () => {
    expect(JSON.stringify(schemasResponse(schemaSet, BASE))).not.toContain('identifiedBy');
  });

  it('serves one schema, 404 for an unknown one', () => {
    expect(
      schemaResource(schemaSet, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', BASE)['name'],
    ).toBe('EnterpriseUser');
    expect(() => schemaResource(schemaSet, 'urn:x', BASE)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe(resourceLocation.name, () => {
  it('joins base URL, endpoint and the escaped id', () => {
    expect(resourceLocation(schemaSet, `${BASE}/`, 'User', 'a b/c')).toBe(`${BASE}/Users/a%20b%2Fc`);
  });
});
