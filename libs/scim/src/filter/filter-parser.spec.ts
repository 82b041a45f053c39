import { ScimError } from '../scim-error';
import { PatchPath } from './filter-ast';
import { parseAttributePath, parseFilter, parsePath } from './filter-parser';
import { printFilter } from './filter-printer';
import { and, at, cmp, INVALID_FILTERS, pr, VALID_FILTERS } from './filter.fixtures';

function errorOf(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe(parseFilter.name, () => {
  it('has a table of at least 150 filters with expected trees or errors', () => {
    expect(VALID_FILTERS.length + INVALID_FILTERS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(VALID_FILTERS)('parses %s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it.each(VALID_FILTERS)('re-parses the printed form of %s to the same tree', (text) => {
    const ast = parseFilter(text);
    expect(parseFilter(printFilter(ast))).toEqual(ast);
  });

  it.each(INVALID_FILTERS)('rejects %j at position %i (%s)', (text, position, fragment) => {
    const error = errorOf(() => parseFilter(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(`at position ${position}:`);
    expect(error.detail).toContain(fragment);
  });

  it('limits nesting depth', () => {
    expect(parseFilter(`${'('.repeat(32)}a pr${')'.repeat(32)}`)).toEqual(pr('a'));
    expect(errorOf(() => parseFilter(`${'('.repeat(33)}a pr${')'.repeat(33)}`)).detail).toContain(
      'nested more than 32',
    );
    expect(
      errorOf(() => parseFilter(`${'not ('.repeat(3)}a pr${')'.repeat(3)}`, { maxDepth: 2 })).detail,
    ).toContain('nested more than 2');
  });

  it('limits the number of comparisons', () => {
    const terms = (count: number): string =>
      Array.from({ length: count }, (_, index) => `a${index} pr`).join(' or ');
    expect(() => parseFilter(terms(1000))).not.toThrow();
    expect(errorOf(() => parseFilter(terms(1001))).detail).toContain('more than 1000 comparisons');
    expect(errorOf(() => parseFilter(terms(3), { maxTerms: 2 })).scimType).toBe('invalidFilter');
  });

  it('parses pathological input in linear time', () => {
    const started = performance.now();
    parseFilter(`userName eq "${'x'.repeat(1_000_000)}"`);
    parseFilter(`userName eq "${'\\"'.repeat(200_000)}"`);
    errorOf(() => parseFilter('('.repeat(1_000_000)));
    errorOf(() => parseFilter(`userName eq "${'a'.repeat(1_000_000)}`));
    errorOf(() => parseFilter(`a${'-'.repeat(1_000_000)}`));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports what it found, shortened', () => {
    expect(errorOf(() => parseFilter('userName zz "a very long value that goes on"')).detail).toBe(
      'Invalid filter at position 10: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr), found "zz \\"a very long valu…"',
    );
  });
});

describe(parsePath.name, () => {
  it.each<readonly [string, PatchPath]>([
    // RFC 7644 §3.5.2, Figure 8.
    ['members', { attribute: at('members') }],
    ['name.familyName', { attribute: at('name.familyName') }],
    ['addresses[type eq "work"]', { attribute: at('addresses'), filter: cmp('type', 'eq', 'work') }],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { attribute: at('members'), filter: cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646') },
    ],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName',
      {
        attribute: at('members'),
        filter: cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646'),
        subAttr: 'displayName',
      },
    ],
    // §3.5.2.2 examples, including the one without a space before the quote.
    [
      'members[value eq"2819c223-7f76-453a-919d-413861904646"]',
      { attribute: at('members'), filter: cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646') },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      { attribute: at('emails'), filter: and(cmp('type', 'eq', 'work'), cmp('value', 'ew', 'example.com')) },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      { attribute: at('addresses'), filter: cmp('type', 'eq', 'work'), subAttr: 'streetAddress' },
    ],
    [
      'emails[type eq "work"].value',
      { attribute: at('emails'), filter: cmp('type', 'eq', 'work'), subAttr: 'value' },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      { attribute: at('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department') },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      { attribute: at('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value') },
    ],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value',
      {
        attribute: at('urn:ietf:params:scim:schemas:core:2.0:User:emails'),
        filter: cmp('type', 'eq', 'work'),
        subAttr: 'value',
      },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      { attribute: at('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User') },
    ],
    ['  displayName  ', { attribute: at('displayName') }],
  ])('parses %s', (text, expected) => {
    expect(parsePath(text)).toEqual(expected);
  });

  it.each([
    ['', 'invalidPath', 'empty'],
    ['members[', 'invalidFilter', 'expected an attribute'],
    ['members[value eq "x"', 'invalidPath', 'expected "]"'],
    ['members[value zz "x"]', 'invalidFilter', 'expected an operator'],
    ['members[value eq "x"].', 'invalidPath', 'expected an attribute name'],
    ['members[value eq "x"].display.x', 'invalidPath', 'at most one sub-attribute'],
    ['members[value eq "x"] extra', 'invalidPath', 'expected the end of the path'],
    ['name.givenName[value eq "x"]', 'invalidPath', 'not a sub-attribute'],
    ['members eq "x"', 'invalidPath', 'expected the end of the path'],
    ['1members', 'invalidPath', 'expected an attribute name'],
    ['emails[type eq "work"][value eq "x"]', 'invalidPath', 'expected the end of the path'],
  ])('rejects %j with %s', (text, scimType, fragment) => {
    const error = errorOf(() => parsePath(text));
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toContain(fragment);
  });

  it('parses a value path whose filter is not a single comparison', () => {
    expect(parsePath('members[value eq "a" or value eq "b"]').filter).toEqual(
      parseFilter('value eq "a" or value eq "b"'),
    );
    expect(parsePath('emails[value pr]')).toEqual({ attribute: at('emails'), filter: pr('value') });
  });
});

describe(parseAttributePath.name, () => {
  it.each([
    ['userName', at('userName')],
    ['name.givenName', at('name.givenName')],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      at('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'),
    ],
    ['meta.lastModified', at('meta.lastModified')],
  ])('parses %s', (text, expected) => {
    expect(parseAttributePath(text)).toEqual(expected);
  });

  it.each(['', 'emails[type eq "work"]', 'a b', 'a.b.c', '.a'])(
    'rejects %j with the requested scimType',
    (text) => {
      expect(errorOf(() => parseAttributePath(text, 'invalidValue')).scimType).toBe('invalidValue');
    },
  );
});
