import { ScimSchemaUrns } from '@scimflow/scim';
import { asSearchRequest } from './search-request';

describe('asSearchRequest', () => {
  it.each([
    ['the SearchRequest URN', { schemas: [ScimSchemaUrns.searchRequest], filter: 'userName pr' }],
    ['that URN in another case', { Schemas: [ScimSchemaUrns.searchRequest.toUpperCase()] }],
    ['no schemas', { filter: 'userName pr' }],
  ])('takes a body with %s', (_, body) => {
    expect(asSearchRequest(body)).toBe(body);
  });

  it.each([
    ['an array', [{ filter: 'userName pr' }]],
    ['a string', 'userName pr'],
    [
      'another message',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], filter: 'userName pr' },
    ],
    ['schemas that are no array', { schemas: ScimSchemaUrns.searchRequest }],
  ])('refuses %s with 400 invalidSyntax', (_, body) => {
    expect(() => asSearchRequest(body)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidSyntax' }),
    );
  });
});
