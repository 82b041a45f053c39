import { AttributePath, CompareOperator, CompareValue, FilterNode } from './filter-ast';

// Builders that keep the expected ASTs in the spec tables short and readable.

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** `a`, `a.b`, `urn:…:a.b` as an AttributePath. */
export function at(text: string): AttributePath {
  const colon = text.lastIndexOf(':');
  const uri = colon < 0 ? undefined : text.slice(0, colon);
  const rest = colon < 0 ? text : text.slice(colon + 1);
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const subAttr = dot < 0 ? undefined : rest.slice(dot + 1);
  return {
    ...(uri === undefined ? {} : { uri }),
    name,
    ...(subAttr === undefined ? {} : { subAttr }),
  };
}

export const cmp = (path: string, op: CompareOperator, value: CompareValue): FilterNode => ({
  kind: 'compare',
  path: at(path),
  op,
  value,
});
export const pr = (path: string): FilterNode => ({ kind: 'present', path: at(path) });
export const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'and', left, right });
export const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'or', left, right });
export const not = (filter: FilterNode): FilterNode => ({ kind: 'not', filter });
export const vp = (path: string, filter: FilterNode): FilterNode => ({
  kind: 'valuePath',
  path: at(path),
  filter,
});

/** Valid filters and the AST each must parse to. */
export const VALID_FILTERS: ReadonlyArray<readonly [string, FilterNode]> = [
  // The 17 examples of RFC 7644 §3.4.2.2 (Figure 2).
  ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
  [`name.familyName co "O'Malley"`, cmp('name.familyName', 'co', "O'Malley")],
  ['userName sw "J"', cmp('userName', 'sw', 'J')],
  [`${CORE_USER}:userName sw "J"`, cmp(`${CORE_USER}:userName`, 'sw', 'J')],
  ['title pr', pr('title')],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp('meta.lastModified', 'gt', '2011-05-13T04:42:34Z')],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', cmp('meta.lastModified', 'ge', '2011-05-13T04:42:34Z')],
  ['meta.lastModified lt "2011-05-13T04:42:34Z"', cmp('meta.lastModified', 'lt', '2011-05-13T04:42:34Z')],
  ['meta.lastModified le "2011-05-13T04:42:34Z"', cmp('meta.lastModified', 'le', '2011-05-13T04:42:34Z')],
  ['title pr and userType eq "Employee"', and(pr('title'), cmp('userType', 'eq', 'Employee'))],
  ['title pr or userType eq "Intern"', or(pr('title'), cmp('userType', 'eq', 'Intern'))],
  [`schemas eq "${ENTERPRISE}"`, cmp('schemas', 'eq', ENTERPRISE)],
  [
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    and(
      cmp('userType', 'eq', 'Employee'),
      or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org')),
    ),
  ],
  [
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    and(
      cmp('userType', 'ne', 'Employee'),
      not(or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org'))),
    ),
  ],
  [
    'userType eq "Employee" and (emails.type eq "work")',
    and(cmp('userType', 'eq', 'Employee'), cmp('emails.type', 'eq', 'work')),
  ],
  [
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    and(
      cmp('userType', 'eq', 'Employee'),
      vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
    ),
  ],
  [
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    or(
      vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
      vp('ims', and(cmp('type', 'eq', 'xmpp'), cmp('value', 'co', '@foo.com'))),
    ),
  ],
  // Every operator, in any case.
  ['userName ne "x"', cmp('userName', 'ne', 'x')],
  ['userName ew "@example.com"', cmp('userName', 'ew', '@example.com')],
  ['userName EQ "x"', cmp('userName', 'eq', 'x')],
  ['userName Eq "x"', cmp('userName', 'eq', 'x')],
  ['userName CO "x"', cmp('userName', 'co', 'x')],
  ['userName SW "x"', cmp('userName', 'sw', 'x')],
  ['userName EW "x"', cmp('userName', 'ew', 'x')],
  ['userName NE "x"', cmp('userName', 'ne', 'x')],
  ['meta.created GT "2011-05-13T04:42:34Z"', cmp('meta.created', 'gt', '2011-05-13T04:42:34Z')],
  ['meta.created Ge "2011-05-13T04:42:34Z"', cmp('meta.created', 'ge', '2011-05-13T04:42:34Z')],
  ['meta.created lT "2011-05-13T04:42:34Z"', cmp('meta.created', 'lt', '2011-05-13T04:42:34Z')],
  ['meta.created LE "2011-05-13T04:42:34Z"', cmp('meta.created', 'le', '2011-05-13T04:42:34Z')],
  ['title PR', pr('title')],
  ['title pr AND userType eq "x"', and(pr('title'), cmp('userType', 'eq', 'x'))],
  ['title pr Or userType eq "x"', or(pr('title'), cmp('userType', 'eq', 'x'))],
  ['NOT (title pr)', not(pr('title'))],
  ['Not(title pr)', not(pr('title'))],
  // Attribute names keep the client's spelling; resolution is case-insensitive later.
  ['USERNAME eq "x"', cmp('USERNAME', 'eq', 'x')],
  ['name.GivenName eq "x"', cmp('name.GivenName', 'eq', 'x')],
  ['user-name_2 eq "x"', cmp('user-name_2', 'eq', 'x')],
  [
    'members.$ref eq "https://example.com/v2/Users/1"',
    cmp('members.$ref', 'eq', 'https://example.com/v2/Users/1'),
  ],
  // URN-qualified paths.
  [`${ENTERPRISE}:department eq "Sales"`, cmp(`${ENTERPRISE}:department`, 'eq', 'Sales')],
  [`${ENTERPRISE}:manager.value eq "26118915"`, cmp(`${ENTERPRISE}:manager.value`, 'eq', '26118915')],
  [`${CORE_USER}:name.givenName eq "Barbara"`, cmp(`${CORE_USER}:name.givenName`, 'eq', 'Barbara')],
  [`${ENTERPRISE}:employeeNumber pr`, pr(`${ENTERPRISE}:employeeNumber`)],
  [
    `URN:IETF:params:scim:schemas:core:2.0:User:userName eq "x"`,
    cmp('URN:IETF:params:scim:schemas:core:2.0:User:userName', 'eq', 'x'),
  ],
  [`${CORE_USER}:emails[type eq "work"]`, vp(`${CORE_USER}:emails`, cmp('type', 'eq', 'work'))],
  // Values: every JSON literal, numbers, escapes.
  ['active eq true', cmp('active', 'eq', true)],
  ['active eq false', cmp('active', 'eq', false)],
  ['displayName eq null', cmp('displayName', 'eq', null)],
  ['displayName ne null', cmp('displayName', 'ne', null)],
  ['count eq 42', cmp('count', 'eq', 42)],
  ['count eq -7', cmp('count', 'eq', -7)],
  ['count eq 0', cmp('count', 'eq', 0)],
  ['count eq -0', cmp('count', 'eq', 0)],
  ['count gt 3.25', cmp('count', 'gt', 3.25)],
  ['count lt 1e3', cmp('count', 'lt', 1000)],
  ['count lt 1.5E-2', cmp('count', 'lt', 0.015)],
  ['count le 2e+2', cmp('count', 'le', 200)],
  ['userName eq ""', cmp('userName', 'eq', '')],
  ['userName eq "a\\"b"', cmp('userName', 'eq', 'a"b')],
  ['userName eq "back\\\\slash"', cmp('userName', 'eq', 'back\\slash')],
  ['userName eq "tab\\there"', cmp('userName', 'eq', 'tab\there')],
  ['userName eq "\\u00e9t\\u00E9"', cmp('userName', 'eq', 'été')],
  ['userName eq "\\ud83d\\ude00"', cmp('userName', 'eq', '😀')],
  ['userName eq "slash\\/"', cmp('userName', 'eq', 'slash/')],
  ['userName eq "ünïcødé 名前"', cmp('userName', 'eq', 'ünïcødé 名前')],
  ['userName eq "a and b or c"', cmp('userName', 'eq', 'a and b or c')],
  ['userName eq "(x) [y]"', cmp('userName', 'eq', '(x) [y]')],
  ['userName eq "true"', cmp('userName', 'eq', 'true')],
  ['userName eq "42"', cmp('userName', 'eq', '42')],
  // Lenient: unquoted values that are not JSON literals or numbers are strings.
  ['externalId eq 65f0a1b2c3d4e5f6a7b8c9d1', cmp('externalId', 'eq', '65f0a1b2c3d4e5f6a7b8c9d1')],
  ['externalId eq 123abc', cmp('externalId', 'eq', '123abc')],
  ['userName eq john@example.com', cmp('userName', 'eq', 'john@example.com')],
  ['externalId eq 007', cmp('externalId', 'eq', '007')],
  ['active eq True', cmp('active', 'eq', 'True')],
  ['meta.lastModified gt 2011-05-13T04:42:34Z', cmp('meta.lastModified', 'gt', '2011-05-13T04:42:34Z')],
  ['(externalId eq abc)', cmp('externalId', 'eq', 'abc')],
  // Lenient whitespace: tabs, newlines, repeated spaces, none before a quote or parenthesis.
  ['  userName   eq   "x"  ', cmp('userName', 'eq', 'x')],
  ['userName\teq\t"x"', cmp('userName', 'eq', 'x')],
  ['userName\neq\n"x"\nand\ntitle\npr', and(cmp('userName', 'eq', 'x'), pr('title'))],
  ['userName eq"x"', cmp('userName', 'eq', 'x')],
  ['members[value eq"2819c223"]', vp('members', cmp('value', 'eq', '2819c223'))],
  ['(title pr)and(userType eq "x")', and(pr('title'), cmp('userType', 'eq', 'x'))],
  ['title pr and(userType eq "x")', and(pr('title'), cmp('userType', 'eq', 'x'))],
  ['not(title pr)', not(pr('title'))],
  ['emails[ type eq "work" ]', vp('emails', cmp('type', 'eq', 'work'))],
  // Precedence and grouping: and binds tighter than or; both associate to the left.
  ['a pr or b pr and c pr', or(pr('a'), and(pr('b'), pr('c')))],
  ['a pr and b pr or c pr', or(and(pr('a'), pr('b')), pr('c'))],
  ['a pr and b pr and c pr', and(and(pr('a'), pr('b')), pr('c'))],
  ['a pr or b pr or c pr', or(or(pr('a'), pr('b')), pr('c'))],
  ['a pr and (b pr or c pr)', and(pr('a'), or(pr('b'), pr('c')))],
  ['(a pr or b pr) and c pr', and(or(pr('a'), pr('b')), pr('c'))],
  ['a pr and (b pr and c pr)', and(pr('a'), and(pr('b'), pr('c')))],
  ['a pr or (b pr or c pr)', or(pr('a'), or(pr('b'), pr('c')))],
  ['((((a pr))))', pr('a')],
  ['not (not (a pr))', not(not(pr('a')))],
  ['not (a pr) and not (b pr)', and(not(pr('a')), not(pr('b')))],
  ['not (a pr or b pr) or c pr', or(not(or(pr('a'), pr('b'))), pr('c'))],
  ['a pr and b pr or c pr and d pr', or(and(pr('a'), pr('b')), and(pr('c'), pr('d')))],
  // Attributes whose names are keywords stay attributes.
  ['not eq "x"', cmp('not', 'eq', 'x')],
  ['and pr', pr('and')],
  ['pr pr', pr('pr')],
  ['eq eq "eq"', cmp('eq', 'eq', 'eq')],
  // Value paths.
  [
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    vp('members', cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646')),
  ],
  [
    'emails[type eq "work" or type eq "home"]',
    vp('emails', or(cmp('type', 'eq', 'work'), cmp('type', 'eq', 'home'))),
  ],
  ['emails[not (type eq "work")]', vp('emails', not(cmp('type', 'eq', 'work')))],
  ['emails[(type eq "work")]', vp('emails', cmp('type', 'eq', 'work'))],
  [
    'emails[primary eq true] and emails[type eq "home"]',
    and(vp('emails', cmp('primary', 'eq', true)), vp('emails', cmp('type', 'eq', 'home'))),
  ],
  ['not (emails[type eq "work"])', not(vp('emails', cmp('type', 'eq', 'work')))],
  ['emails[value pr]', vp('emails', pr('value'))],
  // Lenient: Entra ID's `valuePath.subAttr op value` is the value path with the comparison inside.
  [
    'emails[type eq "work"].value eq "ada@acme.example"',
    vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'ada@acme.example'))),
  ],
  ['emails[type eq "work"].value pr', vp('emails', and(cmp('type', 'eq', 'work'), pr('value')))],
  [
    'emails[type eq "work" or primary eq true].value co "@acme"',
    vp('emails', and(or(cmp('type', 'eq', 'work'), cmp('primary', 'eq', true)), cmp('value', 'co', '@acme'))),
  ],
];

/** Invalid filters, with the 1-based position the error must point at and a fragment of its message. */
export const INVALID_FILTERS: ReadonlyArray<readonly [string, number, string]> = [
  ['', 1, 'empty'],
  ['   ', 4, 'empty'],
  ['userName', 9, 'expected an operator'],
  ['userName eq', 12, 'expected a value'],
  ['userName eq ', 13, 'expected a value'],
  ['userName zz "x"', 10, 'expected an operator'],
  ['userName equals "x"', 10, 'expected an operator'],
  ['userName eq "x" xor title pr', 17, 'expected "and", "or" or the end'],
  ['userName eq "x" title pr', 17, 'expected "and", "or" or the end'],
  ['userName eq "x" and', 20, 'expected an attribute'],
  ['userName eq "x" and ', 21, 'expected an attribute'],
  ['or title pr', 4, 'expected an operator (eq, ne'],
  ['userName eq "unterminated', 13, 'unterminated string'],
  ['userName eq "bad \\x escape"', 13, 'invalid escape'],
  ['userName eq "raw\u0001control"', 17, 'control characters'],
  ['(userName eq "x"', 17, 'expected ")"'],
  ['userName eq "x")', 16, 'unbalanced ")"'],
  ['()', 2, 'expected an attribute'],
  ['not title pr', 5, 'expected an operator (eq, ne'],
  ['not (title pr', 14, 'expected ")"'],
  ['emails[type eq "work"', 22, 'expected "]"'],
  ['emails[]', 8, 'the value filter is empty'],
  ['emails[type eq "work"]]', 23, 'unbalanced "]"'],
  ['emails[type eq "work" and members[value eq "x"]]', 34, 'cannot be nested'],
  ['emails.value[type eq "work"]', 13, 'not a sub-attribute'],
  ['name.givenName.first eq "x"', 15, 'at most one sub-attribute'],
  ['1userName eq "x"', 1, 'expected an attribute name'],
  ['"userName" eq "x"', 1, 'expected an attribute name'],
  ['userName eq "x" and and', 24, 'expected an operator after "and"'],
  ['userName eq and', 13, 'expected a value, found "and"'],
  ['userName eq or', 13, 'expected a value, found "or"'],
  ['userName eq (x)', 13, 'expected a value'],
  ['userName eq123', 12, 'expected whitespace and a value'],
  ['userName pr "x"', 13, 'expected "and", "or" or the end'],
  ['userName prx', 10, 'expected an operator'],
  ['count eq 1e400', 10, 'out of range'],
  ['urn:userName eq "x"', 1, 'not a schema URN'],
  ['urn:ietf:params:scim:schemas:core:2.0:User: eq "x"', 44, 'not a valid attribute name'],
  ['urn:ietf:params:scim:schemas:core:2.0:User:1x eq "x"', 44, 'not a valid attribute name'],
  ['$refx eq "x"', 1, 'expected an attribute name'],
  ['emails[type eq "work"].', 24, 'expected an attribute name'],
  ['emails[type eq "work"].value', 29, 'expected an operator'],
  ['userName eq "x" ]', 17, 'unbalanced "]"'],
];
