import { scimQueryParams } from './scim-query-params';

describe(scimQueryParams.name, () => {
  it.each([
    ['', {}],
    ['?filter=userName%20eq%20%22ada%40acme.example%22', { filter: 'userName eq "ada@acme.example"' }],
    ['filter=userName+eq+%22x%22&count=10', { filter: 'userName eq "x"', count: '10' }],
    ['attributes=userName&attributes=emails', { attributes: 'userName,emails' }],
    ['excludedAttributes=members&aadOptscim062020', { excludedAttributes: 'members', aadOptscim062020: '' }],
  ])('reads %j', (search, expected) => {
    expect(scimQueryParams(search)).toEqual(expected);
  });

  it('rejects a repeated parameter that is not a list', () => {
    expect(() => scimQueryParams('count=1&count=2')).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue' }),
    );
  });
});
