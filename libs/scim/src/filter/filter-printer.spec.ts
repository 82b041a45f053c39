import fc from 'fast-check';
import { AttributePath, CompareOperator, CompareValue, FilterNode } from './filter-ast';
import { parseFilter, parsePath } from './filter-parser';
import { printFilter, printPath } from './filter-printer';
import { and, cmp, not, or, pr, vp } from './filter.fixtures';

const operators: CompareOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

const nameArbitrary = fc.oneof(
  fc.constantFrom('userName', 'emails', 'name', 'value', 'type', '$ref', 'and', 'or', 'not', 'pr', 'eq', 'x'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
);

const uriArbitrary = fc.oneof(
  fc.constantFrom(
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    'URN:Example:Ext',
  ),
  fc.stringMatching(/^urn:[a-z0-9][a-z0-9.:_-]{0,20}[a-z0-9]$/),
);

function pathArbitrary(withSubAttr: boolean): fc.Arbitrary<AttributePath> {
  return fc
    .record({
      uri: fc.option(uriArbitrary, { nil: undefined }),
      name: nameArbitrary,
      subAttr: withSubAttr ? fc.option(nameArbitrary, { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ uri, name, subAttr }) => ({
      ...(uri === undefined ? {} : { uri }),
      name,
      ...(subAttr === undefined ? {} : { subAttr }),
    }));
}

const valueArbitrary: fc.Arbitrary<CompareValue> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((number) => (Object.is(number, -0) ? 0 : number)),
  fc.boolean(),
  fc.constant(null),
);

const leafArbitrary: fc.Arbitrary<FilterNode> = fc.oneof(
  fc.record({
    kind: fc.constant('compare' as const),
    path: pathArbitrary(true),
    op: fc.constantFrom(...operators),
    value: valueArbitrary,
  }),
  fc.record({ kind: fc.constant('present' as const), path: pathArbitrary(true) }),
);

/** Filters without value paths, as allowed inside brackets. */
const valueFilterArbitrary = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('node'),
      right: tie('node'),
    }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
  ),
})).node;

const filterArbitrary = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc.record({
      kind: fc.constant('valuePath' as const),
      path: pathArbitrary(false),
      filter: valueFilterArbitrary,
    }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('node'),
      right: tie('node'),
    }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
  ),
})).node;

describe(printFilter.name, () => {
  it.each<readonly [FilterNode, string]>([
    [cmp('userName', 'eq', 'bjensen'), 'userName eq "bjensen"'],
    [cmp('title', 'eq', 'say "hi"\n'), 'title eq "say \\"hi\\"\\n"'],
    [cmp('count', 'gt', 1e21), 'count gt 1e+21'],
    [cmp('active', 'eq', false), 'active eq false'],
    [cmp('manager', 'eq', null), 'manager eq null'],
    [
      pr('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'),
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr',
    ],
    [or(pr('a'), and(pr('b'), pr('c'))), 'a pr or b pr and c pr'],
    [and(or(pr('a'), pr('b')), pr('c')), '(a pr or b pr) and c pr'],
    [and(pr('a'), and(pr('b'), pr('c'))), 'a pr and (b pr and c pr)'],
    [and(and(pr('a'), pr('b')), pr('c')), 'a pr and b pr and c pr'],
    [or(pr('a'), or(pr('b'), pr('c'))), 'a pr or (b pr or c pr)'],
    [not(or(pr('a'), pr('b'))), 'not (a pr or b pr)'],
    [
      vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
      'emails[type eq "work" and value co "@example.com"]',
    ],
  ])('prints %j as %s', (ast, text) => {
    expect(printFilter(ast)).toBe(text);
  });

  it('prints canonical text that parses back to the same tree, for any tree', () => {
    fc.assert(
      fc.property(filterArbitrary, (ast) => {
        expect(parseFilter(printFilter(ast), { maxDepth: 1000, maxTerms: 100_000 })).toEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it('is a fixed point after one round: printing a parsed print gives the same text', () => {
    fc.assert(
      fc.property(filterArbitrary, (ast) => {
        const text = printFilter(ast);
        expect(printFilter(parseFilter(text, { maxDepth: 1000, maxTerms: 100_000 }))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe(printPath.name, () => {
  it.each([
    'members',
    'name.familyName',
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    'addresses[type eq "work"].streetAddress',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  ])('prints %s back as it was written', (text) => {
    expect(printPath(parsePath(text))).toBe(text);
  });

  it('round-trips any value path', () => {
    fc.assert(
      fc.property(
        pathArbitrary(false),
        valueFilterArbitrary,
        fc.option(nameArbitrary, { nil: undefined }),
        (attribute, filter, subAttr) => {
          const path = subAttr === undefined ? { attribute, filter } : { attribute, filter, subAttr };
          expect(parsePath(printPath(path), { maxDepth: 1000, maxTerms: 100_000 })).toEqual(path);
        },
      ),
      { numRuns: 500 },
    );
  });
});
