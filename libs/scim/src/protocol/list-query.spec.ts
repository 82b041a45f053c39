import { parseFilter } from '../filter/filter-parser';
import { parseListQuery } from './list-query';

describe(parseListQuery.name, () => {
  it('defaults: first page of defaultCount, ascending, no projection', () => {
    expect(parseListQuery({})).toEqual({
      startIndex: 1,
      count: 100,
      sortOrder: 'ascending',
      attributes: [],
      excludedAttributes: [],
    });
    expect(parseListQuery({}, { defaultCount: 20, maxCount: 10 }).count).toBe(10);
  });

  it('parses a full query from URL parameters', () => {
    const params = new URLSearchParams({
      filter: 'userName eq "bjensen"',
      startIndex: '11',
      count: '5',
      sortBy: 'name.familyName',
      sortOrder: 'Descending',
      attributes: 'userName, name.givenName,,emails',
      excludedAttributes: 'groups',
    });
    expect(parseListQuery(params)).toEqual({
      filter: parseFilter('userName eq "bjensen"'),
      startIndex: 11,
      count: 5,
      sortBy: { name: 'name', subAttr: 'familyName' },
      sortOrder: 'descending',
      attributes: ['userName', 'name.givenName', 'emails'],
      excludedAttributes: ['groups'],
    });
  });

  it('parses a POST /.search body', () => {
    expect(
      parseListQuery({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'displayName sw "smith"',
        startIndex: 1,
        count: 10,
        attributes: ['displayName', 'userName'],
      }),
    ).toMatchObject({ startIndex: 1, count: 10, attributes: ['displayName', 'userName'] });
  });

  it.each<readonly [Record<string, unknown>, { startIndex: number; count: number }]>([
    [{ startIndex: '0' }, { startIndex: 1, count: 100 }],
    [{ startIndex: '-5' }, { startIndex: 1, count: 100 }],
    [{ count: '0' }, { startIndex: 1, count: 0 }],
    [{ count: '-1' }, { startIndex: 1, count: 0 }],
    [{ count: '5000' }, { startIndex: 1, count: 1000 }],
    [{ count: ' 7 ' }, { startIndex: 1, count: 7 }],
    [
      { startindex: '3', COUNT: '2' },
      { startIndex: 3, count: 2 },
    ],
    [{ startIndex: ['4'] }, { startIndex: 4, count: 100 }],
    [
      { startIndex: '', count: '' },
      { startIndex: 1, count: 100 },
    ],
    [{ startIndex: '99999999999999999999999' }, { startIndex: Number.MAX_SAFE_INTEGER, count: 100 }],
  ])('reads %j as %j', (params, expected) => {
    expect(parseListQuery(params)).toMatchObject(expected);
  });

  it('ignores an empty filter', () => {
    expect(parseListQuery({ filter: '  ' })).not.toHaveProperty('filter');
  });

  it.each<readonly [Record<string, unknown>, string, string]>([
    [{ filter: 'userName zz "x"' }, 'invalidFilter', 'expected an operator'],
    [{ filter: 5 }, 'invalidFilter', 'must be a string'],
    [{ count: 'ten' }, 'invalidValue', '"count" must be an integer'],
    [{ count: '1.5' }, 'invalidValue', '"count" must be an integer'],
    [{ count: 2.5 }, 'invalidValue', '"count" must be an integer'],
    [{ startIndex: '1e3' }, 'invalidValue', '"startIndex" must be an integer'],
    [{ startIndex: '-' }, 'invalidValue', '"startIndex" must be an integer'],
    [{ count: ['1', '2'] }, 'invalidValue', 'given more than once'],
    [{ count: { a: 1 } }, 'invalidValue', 'must be a string or a number'],
    [{ sortBy: 'emails[type eq "work"]' }, 'invalidValue', 'Invalid attribute path'],
    [{ sortOrder: 'up' }, 'invalidValue', '"sortOrder" must be'],
    [{ attributes: [1] }, 'invalidValue', 'must list attribute names'],
  ])('rejects %j with %s', (params, scimType, fragment) => {
    expect(() => parseListQuery(params)).toThrow(
      expect.objectContaining({ status: 400, scimType, detail: expect.stringContaining(fragment) }),
    );
  });
});
