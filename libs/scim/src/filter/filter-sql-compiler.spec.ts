import { ResolvedAttribute, SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { AttributePath } from './filter-ast';
import { parseFilter } from './filter-parser';
import {
  compileFilterToSql,
  escapeLike,
  jsonbAttribute,
  jsonbPathLiteral,
  schemaSqlResolver,
  SqlAttribute,
  SqlAttributeResolver,
} from './filter-sql-compiler';

const schemaSet = SchemaSet.standard();

/** A storage layout like directory-service's: a few columns, the rest in a jsonb document. */
function userColumns(attribute: ResolvedAttribute): SqlAttribute | undefined {
  switch (attribute.path) {
    case 'userName':
      return { kind: 'column', sql: 'u.user_name_lower', type: 'string', caseExact: false, lowered: true };
    case 'externalId':
      return { kind: 'column', sql: 'u.external_id', type: 'string', caseExact: true };
    case 'displayName':
      return { kind: 'column', sql: 'u.display_name', type: 'string', caseExact: false };
    case 'active':
      return { kind: 'column', sql: 'u.active', type: 'boolean', caseExact: false };
    case 'meta.lastModified':
      return { kind: 'column', sql: 'u.updated_at', type: 'dateTime', caseExact: false };
    case 'password':
      return undefined;
    default:
      return jsonbAttribute(attribute, 'u.attributes');
  }
}

const users = schemaSqlResolver(schemaSet, 'User', userColumns);

const groups = schemaSqlResolver(schemaSet, 'Group', (attribute) => {
  if (attribute.path === 'displayName') {
    return { kind: 'column', sql: 'g.display_name', type: 'string', caseExact: false };
  }
  if (attribute.attribute.name === 'members') {
    return {
      kind: 'multi',
      from: 'directory.group_members m',
      where: 'm.group_id = g.id',
      subAttributes: {
        value: { kind: 'column', sql: 'm.member_id::text', type: 'string', caseExact: true },
        type: { kind: 'column', sql: 'm.member_type', type: 'string', caseExact: false },
      },
    };
  }
  return undefined;
});

function compile(
  filter: string,
  resolver: SqlAttributeResolver = users,
  paramOffset = 0,
): { sql: string; params: unknown[] } {
  return compileFilterToSql(parseFilter(filter), resolver, { paramOffset });
}

const EMAILS = `(u.attributes #> '{"emails"}')`;
const EMAIL_ELEMENTS = `jsonb_array_elements(CASE WHEN jsonb_typeof(${EMAILS}) = 'array' THEN ${EMAILS} END) AS e1(v)`;

describe(compileFilterToSql.name, () => {
  it.each<readonly [string, string, unknown[]]>([
    // A lowered column: only the parameter is lowered, so an index on the column serves the lookup.
    ['userName eq "BJensen@Example.com"', 'u.user_name_lower = lower($1::text)', ['BJensen@Example.com']],
    ['userName ne "x"', 'u.user_name_lower IS DISTINCT FROM lower($1::text)', ['x']],
    ['userName co "jen"', `u.user_name_lower LIKE lower($1::text) ESCAPE '\\'`, ['%jen%']],
    ['userName sw "bj"', `u.user_name_lower LIKE lower($1::text) ESCAPE '\\'`, ['bj%']],
    ['userName ew "@example.com"', `u.user_name_lower LIKE lower($1::text) ESCAPE '\\'`, ['%@example.com']],
    ['userName gt "m"', 'u.user_name_lower COLLATE "C" > lower($1::text)', ['m']],
    ['userName le "m"', 'u.user_name_lower COLLATE "C" <= lower($1::text)', ['m']],
    ['userName pr', `(u.user_name_lower IS NOT NULL AND u.user_name_lower <> '')`, []],
    // caseExact: no lower() at all.
    ['externalId eq "AbC"', 'u.external_id = $1::text', ['AbC']],
    ['externalId eq 12345', 'u.external_id = $1::text', ['12345']],
    ['externalId eq 65f0a1b2', 'u.external_id = $1::text', ['65f0a1b2']],
    ['externalId sw "A_b"', `u.external_id LIKE $1::text ESCAPE '\\'`, ['A\\_b%']],
    // Case-insensitive column that is not lowered: both sides.
    ['displayName eq "Babs"', 'lower(u.display_name) = lower($1::text)', ['Babs']],
    ['displayName eq null', `(NOT (u.display_name IS NOT NULL AND u.display_name <> ''))`, []],
    ['displayName ne null', `(u.display_name IS NOT NULL AND u.display_name <> '')`, []],
    // Booleans, dateTimes (offsets normalised to UTC), numbers.
    ['active eq true', 'u.active = $1::boolean', [true]],
    ['active eq "False"', 'u.active = $1::boolean', [false]],
    ['active ne true', 'u.active IS DISTINCT FROM $1::boolean', [true]],
    ['active pr', 'u.active IS NOT NULL', []],
    [
      'meta.lastModified gt "2011-05-13T06:42:34+02:00"',
      'u.updated_at > $1::timestamptz',
      ['2011-05-13T04:42:34.000Z'],
    ],
    [
      'meta.lastModified le "2011-05-13T04:42:34"',
      'u.updated_at <= $1::timestamptz',
      ['2011-05-13T04:42:34.000Z'],
    ],
    [
      'meta.lastModified ne "2011-05-13T04:42:34Z"',
      'u.updated_at IS DISTINCT FROM $1::timestamptz',
      ['2011-05-13T04:42:34.000Z'],
    ],
    // jsonb documents.
    [
      'name.givenName eq "Barbara"',
      `lower(((u.attributes #> '{"name","givenName"}') #>> '{}')) = lower($1::text)`,
      ['Barbara'],
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
      `lower(((u.attributes #> '{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","department"}') #>> '{}')) = lower($1::text)`,
      ['Sales'],
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "M-1"',
      `((u.attributes #> '{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","manager","value"}') #>> '{}') = $1::text`,
      ['M-1'],
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "M-1"',
      `((u.attributes #> '{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","manager","value"}') #>> '{}') = $1::text`,
      ['M-1'],
    ],
    [
      'title pr',
      `((u.attributes #> '{"title"}') IS NOT NULL AND (u.attributes #> '{"title"}') NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb))`,
      [],
    ],
    [
      'title ne "Boss"',
      `lower(((u.attributes #> '{"title"}') #>> '{}')) IS DISTINCT FROM lower($1::text)`,
      ['Boss'],
    ],
    [
      'meta.created lt "2011-01-01T00:00:00Z"',
      `(CASE WHEN jsonb_typeof((u.attributes #> '{"meta","created"}')) = 'string' THEN ((u.attributes #> '{"meta","created"}') #>> '{}')::timestamptz END) < $1::timestamptz`,
      ['2011-01-01T00:00:00.000Z'],
    ],
    [
      'nickName eq "a" and (title co "b" or not (userType pr))',
      `(lower(((u.attributes #> '{"nickName"}') #>> '{}')) = lower($1::text) AND (lower(((u.attributes #> '{"title"}') #>> '{}')) LIKE lower($2::text) ESCAPE '\\' OR (NOT COALESCE(((u.attributes #> '{"userType"}') IS NOT NULL AND (u.attributes #> '{"userType"}') NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb)), false))))`,
      ['a', '%b%'],
    ],
    // Multi-valued attributes: EXISTS over the elements.
    [
      'emails[type eq "work" and value co "@acme"]',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE (lower((e1.v -> 'type' #>> '{}')) = lower($1::text) AND lower((e1.v -> 'value' #>> '{}')) LIKE lower($2::text) ESCAPE '\\'))`,
      ['work', '%@acme%'],
    ],
    [
      'emails co "example.com"',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE lower((e1.v -> 'value' #>> '{}')) LIKE lower($1::text) ESCAPE '\\')`,
      ['%example.com%'],
    ],
    [
      'emails.type ne "work"',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE lower((e1.v -> 'type' #>> '{}')) IS DISTINCT FROM lower($1::text))`,
      ['work'],
    ],
    [
      'emails.primary eq true',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE e1.v -> 'primary' = to_jsonb($1::boolean))`,
      [true],
    ],
    ['emails pr', `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS})`, []],
    [
      'emails.display eq null',
      `(NOT EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE (e1.v -> 'display' IS NOT NULL AND e1.v -> 'display' NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb))))`,
      [],
    ],
    [
      'emails[not (primary eq true)]',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE (NOT COALESCE(e1.v -> 'primary' = to_jsonb($1::boolean), false)))`,
      [true],
    ],
    [
      'emails[type eq "work"].value eq "a@b.c"',
      `EXISTS (SELECT 1 FROM ${EMAIL_ELEMENTS} WHERE (lower((e1.v -> 'type' #>> '{}')) = lower($1::text) AND lower((e1.v -> 'value' #>> '{}')) = lower($2::text)))`,
      ['work', 'a@b.c'],
    ],
    [
      `schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`,
      `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof((u.attributes #> '{"schemas"}')) = 'array' THEN (u.attributes #> '{"schemas"}') END) AS e1(v) WHERE lower((e1.v #>> '{}')) = lower($1::text))`,
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    ],
    // A single-valued complex attribute with a value filter is its sub-attributes.
    [
      'name[givenName eq "Ada" and familyName pr]',
      `(lower(((u.attributes #> '{"name","givenName"}') #>> '{}')) = lower($1::text) AND ((u.attributes #> '{"name","familyName"}') IS NOT NULL AND (u.attributes #> '{"name","familyName"}') NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb)))`,
      ['Ada'],
    ],
  ])('compiles %s', (filter, sql, params) => {
    expect(compile(filter)).toEqual({ sql, params });
  });

  it('numbers placeholders after the parameters the query already has', () => {
    const { sql, params } = compile('userName eq "a" or externalId eq "b" or displayName co "c"', users, 3);
    expect(sql).toBe(
      `((u.user_name_lower = lower($4::text) OR u.external_id = $5::text) OR lower(u.display_name) LIKE lower($6::text) ESCAPE '\\')`,
    );
    expect(params).toEqual(['a', 'b', '%c%']);
  });

  it('escapes LIKE wildcards and the escape character in values', () => {
    expect(compile('displayName co "50%_off\\\\now"').params).toEqual(['%50\\%\\_off\\\\now%']);
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });

  it('keeps every value out of the SQL text', () => {
    const hostile = `x'); DROP TABLE directory.users; --`;
    const filters = [
      `userName eq "${hostile}"`,
      `title co "${hostile}"`,
      `emails[value sw "${hostile}"]`,
      `externalId ne "${hostile}"`,
      `members[value eq "${hostile}"]`,
    ];
    for (const filter of filters) {
      const resolver = filter.startsWith('members') ? groups : users;
      const { sql, params } = compile(filter, resolver);
      expect(sql).not.toContain('DROP');
      expect(params.join('')).toContain('DROP TABLE');
    }
  });

  it('never lets an attribute name from the filter into the SQL', () => {
    const names = [`title"); DROP TABLE x; --`, 'urn:x:y:z'];
    for (const name of names) {
      expect(() => compileFilterToSql({ kind: 'present', path: { name } }, users)).toThrow(ScimError);
    }
    const seen: AttributePath[] = [];
    compileFilterToSql(parseFilter('USERNAME eq "x"'), (path) => {
      seen.push(path);
      return { kind: 'column', sql: 'c', type: 'string', caseExact: true };
    });
    expect(seen).toEqual([{ name: 'USERNAME' }]);
  });

  it('compiles multi-valued attributes kept in a table to a correlated EXISTS', () => {
    expect(compile('members[value eq "u-1"]', groups)).toEqual({
      sql: 'EXISTS (SELECT 1 FROM directory.group_members m WHERE m.group_id = g.id AND m.member_id::text = $1::text)',
      params: ['u-1'],
    });
    expect(compile('displayName eq "Eng" and not (members pr)', groups)).toEqual({
      sql: '(lower(g.display_name) = lower($1::text) AND (NOT COALESCE(EXISTS (SELECT 1 FROM directory.group_members m WHERE m.group_id = g.id), false)))',
      params: ['Eng'],
    });
    expect(compile('members.type eq "User"', groups).sql).toBe(
      'EXISTS (SELECT 1 FROM directory.group_members m WHERE m.group_id = g.id AND lower(m.member_type) = lower($1::text))',
    );
  });

  it('gives every EXISTS its own element alias', () => {
    const { sql } = compile('emails[type eq "work"] and phoneNumbers[type eq "mobile"] or emails pr');
    expect(sql.match(/ AS e\d\(v\)/g)).toEqual([' AS e1(v)', ' AS e2(v)', ' AS e3(v)']);
  });

  it.each([
    ['password eq "x"', 'Unknown attribute "password"'],
    ['foo eq "x"', 'Unknown attribute "foo"'],
    ['emails[foo eq "x"]', 'Unknown attribute "foo" in emails'],
    ['active gt true', '"gt" is not defined for the boolean attribute active'],
    ['meta.lastModified gt "soon"', 'meta.lastModified is a dateTime'],
    ['name eq "x"', 'name is a complex attribute'],
    ['members[display eq "x"]', 'Unknown attribute "display" in members[…]'],
    ['members.display eq "x"', 'Unknown attribute "display" in members[…]'],
  ])('rejects %s with invalidFilter', (filter, fragment) => {
    const resolver = filter.startsWith('members') ? groups : users;
    expect(() => compile(filter, resolver)).toThrow(
      expect.objectContaining({
        status: 400,
        scimType: 'invalidFilter',
        detail: expect.stringContaining(fragment),
      }),
    );
  });

  describe('with attributes a resource type does not define counted as unassigned (a search across types)', () => {
    const absent = (path: AttributePath) => schemaSet.resolveAttribute('Group', path) === undefined;
    const acrossTypes = (filter: string) => compileFilterToSql(parseFilter(filter), groups, { absent });

    it.each<readonly [string, string]>([
      ['userName pr', 'false'],
      ['userName eq "x"', 'false'],
      ['userName co "x"', 'false'],
      ['userName ne "x"', 'true'],
      ['userName eq null', 'true'],
      ['emails[type eq "work"]', 'false'],
      ['not (userName pr)', '(NOT COALESCE(false, false))'],
      ['userName pr or displayName eq "x"', '(false OR lower(g.display_name) = lower($1::text))'],
    ])('compiles %s to %s', (filter, sql) => {
      expect(acrossTypes(filter).sql).toBe(sql);
    });

    it('still refuses an attribute the type defines but cannot filter on, and a malformed value path', () => {
      expect(() => acrossTypes('meta.location eq "x"')).toThrow(
        expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
      );
      expect(() => acrossTypes('members[display eq "x"]')).toThrow(
        expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
      );
    });
  });
});

describe(jsonbPathLiteral.name, () => {
  it('quotes every key and escapes quotes, backslashes and single quotes', () => {
    expect(jsonbPathLiteral(['a', 'b.c', `q"u'o\\te`])).toBe(`'{"a","b.c","q\\"u''o\\\\te"}'`);
  });
});
