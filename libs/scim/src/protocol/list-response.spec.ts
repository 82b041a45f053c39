import { listResponse } from './list-response';

describe(listResponse.name, () => {
  it('counts the resources returned in itemsPerPage', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], 12, 11)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 12,
      startIndex: 11,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it('answers a lookup that found nothing with an empty page, not a 404', () => {
    expect(listResponse([], 0)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });
});
