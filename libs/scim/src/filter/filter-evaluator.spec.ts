import { SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { compileFilter, matchesFilter } from './filter-evaluator';
import {
  GROUP_MATCHES,
  SAMPLE_GROUPS,
  SAMPLE_USERS,
  USER_FILTER_ERRORS,
  USER_MATCHES,
} from './filter-evaluator.fixtures';
import { parseFilter } from './filter-parser';

const schemaSet = SchemaSet.standard();

function matching(
  filter: string,
  resources: Readonly<Record<string, Record<string, unknown>>>,
  resourceType: string,
): string[] {
  const predicate = compileFilter(parseFilter(filter), schemaSet, resourceType);
  return Object.entries(resources)
    .filter(([, resource]) => predicate(resource))
    .map(([key]) => key);
}

describe(matchesFilter.name, () => {
  it.each(USER_MATCHES)('User: %s matches %j', (filter, expected) => {
    expect(matching(filter, SAMPLE_USERS, 'User')).toEqual(expected);
  });

  it.each(GROUP_MATCHES)('Group: %s matches %j', (filter, expected) => {
    expect(matching(filter, SAMPLE_GROUPS, 'Group')).toEqual(expected);
  });

  it.each(USER_FILTER_ERRORS)('rejects %s for User with invalidFilter', (filter, fragment) => {
    const ast = parseFilter(filter);
    let caught: unknown;
    try {
      compileFilter(ast, schemaSet, 'User');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((caught as ScimError).detail).toContain(fragment);
  });

  it('takes the resource type from the resource when none is given', () => {
    const bjensen = SAMPLE_USERS['bjensen'] ?? {};
    const guides = SAMPLE_GROUPS['guides'] ?? {};
    expect(matchesFilter(bjensen, parseFilter('userName sw "bjensen"'), schemaSet)).toBe(true);
    expect(matchesFilter(guides, parseFilter('displayName eq "tour guides"'), schemaSet)).toBe(true);
    const { meta: _meta, ...withoutMeta } = guides;
    expect(matchesFilter(withoutMeta, parseFilter('displayName eq "tour guides"'), schemaSet)).toBe(true);
  });

  it('reads attribute names in any case from resources that skipped validation', () => {
    const resource = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      USERNAME: 'x',
      Emails: [{ Value: 'a@b.c' }],
    };
    expect(
      matchesFilter(resource, parseFilter('userName eq "X" and emails.value eq "A@B.C"'), schemaSet, 'User'),
    ).toBe(true);
  });

  it('treats values of the wrong JSON type as non-matching rather than failing', () => {
    const resource = { userName: 42, active: 'true', meta: { lastModified: 'not a date' } };
    expect(matchesFilter(resource, parseFilter('userName eq "42"'), schemaSet, 'User')).toBe(false);
    expect(matchesFilter(resource, parseFilter('active eq true'), schemaSet, 'User')).toBe(false);
    expect(
      matchesFilter(resource, parseFilter('meta.lastModified lt "2030-01-01T00:00:00Z"'), schemaSet, 'User'),
    ).toBe(false);
    expect(matchesFilter(resource, parseFilter('userName ne "42"'), schemaSet, 'User')).toBe(true);
  });

  it('evaluates a compiled filter over 10,000 resources quickly', () => {
    const predicate = compileFilter(
      parseFilter('userName sw "user-1" and emails[type eq "work" and value co "@acme"] or active eq false'),
      schemaSet,
      'User',
    );
    const users = Array.from({ length: 10_000 }, (_, index) => ({
      userName: `user-${index}`,
      active: index % 2 === 0,
      emails: [{ value: `user-${index}@acme.example`, type: 'work' }],
    }));
    const started = performance.now();
    const count = users.filter(predicate).length;
    expect(count).toBe(5000 + 555);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
