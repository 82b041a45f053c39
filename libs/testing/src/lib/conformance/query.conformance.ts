import { uniqueName } from '../unique-name';
import {
  createGroup,
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  expectStatus,
  GROUP_URN,
  groupResource,
  LIST_URN,
  newDirectory,
  PATCH_URN,
  SCIM_JSON,
  SEARCH_URN,
  uniqueUserName,
  USER_URN,
  userResource,
  type ConformanceDirectory,
  type ConformanceTarget,
  type Json,
  type ScimAnswer,
} from './conformance-client';

const DEPARTMENT = `${ENTERPRISE_URN}:department`;
const EMPLOYEE_NUMBER = `${ENTERPRISE_URN}:employeeNumber`;

/** The users of the queried directory, named for their userName order (mallory's userName is capitalized). */
const KEYS = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'oscar',
] as const;
type Key = (typeof KEYS)[number];
const ALL: readonly Key[] = KEYS;
const except = (...keys: Key[]): Key[] => ALL.filter((key) => !keys.includes(key));

/** The order the users are created in, unlike their userName order, so that sorting by meta.created shows. */
const CREATION_ORDER: readonly Key[] = [
  'heidi',
  'alice',
  'oscar',
  'carol',
  'judy',
  'bob',
  'mallory',
  'erin',
  'dave',
  'grace',
  'ivan',
  'frank',
];

type Domain = 'acme' | 'globex' | 'home';
interface Email {
  /** Local parts start with a letter chosen so that their order differs from the userName order. */
  local: string;
  domain: Domain;
  type: string;
  primary?: boolean;
}
interface Person {
  /** Without given and family names, a user has no name at all. */
  given?: string;
  family?: string;
  title?: string;
  active: boolean;
  emails?: Email[];
  department?: string;
  employeeNumber?: string;
}

const PEOPLE: Readonly<Record<Key, Person>> = {
  // alice's primary email is not her first: sorting by emails.value uses the primary (m.alice), not a.alice.
  alice: {
    given: 'Alice',
    family: 'Anderson',
    title: 'Engineer',
    active: true,
    emails: [
      { local: 'a.alice', domain: 'home', type: 'home' },
      { local: 'm.alice', domain: 'acme', type: 'work', primary: true },
    ],
    department: 'Engineering',
    employeeNumber: '1001',
  },
  bob: {
    given: 'Bob',
    family: 'baker',
    title: 'Engineer',
    active: false,
    emails: [{ local: 'k.bob', domain: 'acme', type: 'work' }],
    department: 'Engineering',
    employeeNumber: '1002',
  },
  carol: {
    given: 'Carol',
    family: 'Carter',
    title: 'Manager',
    active: true,
    emails: [{ local: 'c.carol', domain: 'home', type: 'home' }],
    department: 'Sales',
    employeeNumber: '1003',
  },
  dave: { given: 'Dave', family: 'Davis', active: true, department: 'Sales' },
  erin: {
    given: 'Erin',
    family: 'evans',
    title: 'Senior Engineer',
    active: false,
    emails: [{ local: 'e.erin', domain: 'globex', type: 'other' }],
  },
  // frank's work address is at globex and his home address at acme: only a value path keeps them together.
  frank: {
    given: 'Frank',
    family: 'Foster',
    title: 'Manager',
    active: true,
    emails: [
      { local: 'b.frank', domain: 'globex', type: 'work' },
      { local: 'z.frank', domain: 'acme', type: 'home' },
    ],
    department: 'Engineering',
    employeeNumber: '1006',
  },
  grace: {
    given: 'Grace',
    title: 'Director',
    active: true,
    emails: [{ local: 'g.grace', domain: 'acme', type: 'work' }],
  },
  heidi: {
    given: 'Heidi',
    family: 'Hill',
    title: 'Engineer',
    active: true,
    emails: [
      { local: 'x.heidi', domain: 'acme', type: 'work' },
      { local: 'd.heidi', domain: 'globex', type: 'work' },
    ],
    department: 'Research',
  },
  ivan: {
    given: 'Ivan',
    family: 'Ivanov',
    active: false,
    emails: [{ local: 'i.ivan', domain: 'home', type: 'home' }],
    department: 'Sales',
  },
  judy: {
    given: 'Judy',
    family: 'Jones',
    title: 'engineer',
    active: true,
    emails: [{ local: 'j.judy', domain: 'acme', type: 'work' }],
  },
  mallory: {
    given: 'Mallory',
    family: 'Moore',
    title: 'Intern',
    active: true,
    emails: [{ local: 'f.mallory', domain: 'globex', type: 'work' }],
  },
  oscar: { active: false },
};

const GROUP_KEYS = ['engineers', 'managers', 'empty'] as const;
type GroupKey = (typeof GROUP_KEYS)[number];
const GROUP_MEMBERS: Readonly<Record<GroupKey, Key[]>> = {
  engineers: ['alice', 'bob', 'heidi'],
  managers: ['carol', 'frank'],
  empty: [],
};

/** A filter and the users it selects (by key), or the groups. Templates: see `fill`. */
interface FilterCase<K> {
  filter: string;
  expected: readonly K[];
}

const sorted = <T>(values: readonly T[]): T[] => [...values].sort();

function queryString(params: Readonly<Record<string, string | number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');
}

/**
 * Expects a 200 ListResponse (RFC 7644 §3.4.2): the ListResponse schema, a numeric totalResults, and
 * itemsPerPage (when given) equal to the number of Resources. Returns the Resources ([] when absent).
 */
function resourcesOf(answer: ScimAnswer): Json[] {
  expectStatus(answer, 200);
  expect(answer.headers.get('content-type') ?? '').toContain(SCIM_JSON);
  expect(answer.body.schemas).toEqual([LIST_URN]);
  expect(typeof answer.body.totalResults).toBe('number');
  const resources: Json[] = answer.body.Resources ?? [];
  expect(Array.isArray(resources)).toBe(true);
  if (answer.body.itemsPerPage !== undefined) expect(answer.body.itemsPerPage).toBe(resources.length);
  return resources;
}

/**
 * Expects `resource` to hold exactly `names` besides the attributes returned always: id (RFC 7643 §3.1) and
 * schemas (as in the example of RFC 7644 §3.9), and meta only when the served schema declares it returned
 * "always" (RFC 7643 §3.1 makes every meta sub-attribute returned "default", so otherwise it goes).
 */
function expectOnlyAttributes(resource: Json, names: string[], metaAlways: boolean): void {
  const present = Object.keys(resource).filter((name) => !(metaAlways && name === 'meta'));
  expect(sorted(present)).toEqual(sorted(['id', 'schemas', ...names]));
}

/** The queries: filter, sort, paging, attribute projection and POST /.search (RFC 7644 §3.4.2, §3.4.3, §3.9). */
export function queryConformance(target: () => ConformanceTarget): void {
  let directory: ConformanceDirectory;
  let run: string;
  const domains = {} as Record<Domain, string>;
  const users = {} as Record<Key, Json>;
  const groups = {} as Record<GroupKey, Json>;
  let maxResults: number;
  let metaAlways: boolean;

  const userName = (key: Key): string => users[key].userName;
  const externalId = (key: Key): string => `Ext-${key}-${run}`;
  const address = (email: Email): string => `${email.local}@${domains[email.domain]}`;

  /**
   * Fills a filter template: {acme} {globex} {home} (the email domains), {run}, {userName:KEY}, {id:KEY},
   * {externalId:KEY}, {group:KEY} (a group's displayName), {groupId:KEY}; `.upper` or `.lower` after the name changes
   * the case.
   */
  function fill(template: string): string {
    const value = (name: string, key: string): string => {
      switch (name) {
        case 'run':
          return run;
        case 'acme':
        case 'globex':
        case 'home':
          return domains[name];
        case 'userName':
          return userName(key as Key);
        case 'id':
          return users[key as Key].id;
        case 'externalId':
          return externalId(key as Key);
        case 'group':
          return groups[key as GroupKey].displayName;
        case 'groupId':
          return groups[key as GroupKey].id;
        default:
          throw new Error(`No template {${name}}`);
      }
    };
    return template.replace(/\{(\w+)(?:\.(upper|lower))?(?::(\w+))?\}/g, (_, name: string, change, key) => {
      const text = value(name, key);
      return change === 'upper' ? text.toUpperCase() : change === 'lower' ? text.toLowerCase() : text;
    });
  }

  const keyOfUser = (resource: Json): string =>
    KEYS.find((key) => users[key].id === resource.id) ?? `unknown ${resource.id}`;
  const keyOfGroup = (resource: Json): string =>
    GROUP_KEYS.find((key) => groups[key].id === resource.id) ?? `unknown ${resource.id}`;

  const get = (path: string, params: Readonly<Record<string, string | number>> = {}): Promise<ScimAnswer> =>
    directory.request('GET', Object.keys(params).length ? `${path}?${queryString(params)}` : path);

  /** Expects `/Users?filter=…` (or /Groups) to select exactly `expected`, with totalResults to match. */
  async function expectSelected(
    endpoint: '/Users' | '/Groups',
    template: string,
    expected: readonly string[],
  ): Promise<void> {
    const filter = fill(template);
    const answer = await get(endpoint, { filter, count: 100 });
    const resources = resourcesOf(answer);
    const keyOf = endpoint === '/Users' ? keyOfUser : keyOfGroup;
    expect({
      filter,
      totalResults: answer.body.totalResults,
      selected: sorted(resources.map(keyOf)),
    }).toEqual({
      filter,
      totalResults: expected.length,
      selected: sorted(expected),
    });
  }

  /** The users of one page (up to 100) of /Users with `params`, in the order answered. */
  async function usersInOrder(params: Record<string, string | number>): Promise<string[]> {
    const resources = resourcesOf(await get('/Users', { count: 100, ...params }));
    return resources.map(keyOfUser);
  }

  /** Expects `actual` to follow `groupsInOrder`; the keys of one group (ties) may come in any order. */
  function expectOrder(actual: string[], groupsInOrder: Key[][]): void {
    const segments: string[][] = [];
    let at = 0;
    for (const group of groupsInOrder) {
      segments.push(sorted(actual.slice(at, at + group.length)));
      at += group.length;
    }
    expect({ order: actual, segments, rest: actual.slice(at) }).toEqual({
      order: actual,
      segments: groupsInOrder.map((group) => sorted(group)),
      rest: [],
    });
  }

  beforeAll(async () => {
    directory = await newDirectory(target());
    run = uniqueName('q').slice(2);
    domains.acme = `acme-${run}.example`;
    domains.globex = `globex-${run}.example`;
    domains.home = `home-${run}.example`;
    for (const key of CREATION_ORDER) {
      const person = PEOPLE[key];
      const name = uniqueUserName(key);
      const enterprise: Json = {};
      if (person.department) enterprise.department = person.department;
      if (person.employeeNumber) enterprise.employeeNumber = person.employeeNumber;
      const hasEnterprise = Object.keys(enterprise).length > 0;
      const resource = userResource(key === 'mallory' ? name.charAt(0).toUpperCase() + name.slice(1) : name, {
        externalId: externalId(key),
        ...(person.given
          ? { name: { givenName: person.given, ...(person.family ? { familyName: person.family } : {}) } }
          : {}),
        displayName: [person.given ?? key, person.family].filter(Boolean).join(' '),
        active: person.active,
        ...(person.title ? { title: person.title } : {}),
        ...(person.emails
          ? {
              emails: person.emails.map((email) => ({
                value: address(email),
                type: email.type,
                ...(email.primary ? { primary: true } : {}),
              })),
            }
          : {}),
        ...(hasEnterprise ? { [ENTERPRISE_URN]: enterprise } : {}),
      });
      if (hasEnterprise) resource.schemas = [USER_URN, ENTERPRISE_URN];
      users[key] = await createUser(directory, resource);
    }
    const groupNames: Record<GroupKey, string> = {
      engineers: `Engineers ${run}`,
      managers: `Managers ${run}`,
      empty: `Empty ${run}`,
    };
    for (const key of GROUP_KEYS) {
      groups[key] = await createGroup(
        directory,
        groupResource(groupNames[key], {
          ...(key === 'empty' ? { externalId: `Grp-Ext-${run}` } : {}),
          ...(GROUP_MEMBERS[key].length
            ? { members: GROUP_MEMBERS[key].map((member) => ({ value: users[member].id })) }
            : {}),
        }),
      );
    }
    const config = await directory.request('GET', '/ServiceProviderConfig');
    expectStatus(config, 200);
    maxResults = config.body.filter.maxResults;
    const schema = await directory.request('GET', `/Schemas/${USER_URN}`);
    expectStatus(schema, 200);
    const meta = (schema.body.attributes as Json[]).find((attribute) => attribute.name === 'meta');
    metaAlways = meta?.returned === 'always';
  });

  describe('filter (RFC 7644 §3.4.2.2)', () => {
    // Attribute names and operators are case-insensitive (§3.4.2.2); string comparisons follow the attribute's
    // caseExact (RFC 7643 §2.2): userName, name.*, title, displayName, emails.* and the enterprise department
    // are caseExact false (RFC 7643 §8.7.1, §8.7.2); gt/ge/lt/le compare strings lexicographically.
    const userCases: FilterCase<Key>[] = [
      { filter: 'userName eq "{userName:alice}"', expected: ['alice'] },
      { filter: 'USERNAME eq "{userName:alice}"', expected: ['alice'] },
      { filter: 'userName EQ "{userName:alice}"', expected: ['alice'] },
      { filter: 'userName eq "{userName.upper:alice}"', expected: ['alice'] },
      { filter: 'userName eq "{userName.lower:mallory}"', expected: ['mallory'] },
      { filter: `${USER_URN}:userName eq "{userName:alice}"`, expected: ['alice'] },
      { filter: 'userName ne "{userName:alice}"', expected: except('alice') },
      { filter: 'userName gt "{userName:judy}"', expected: ['mallory', 'oscar'] },
      { filter: 'userName ge "{userName:judy}"', expected: ['judy', 'mallory', 'oscar'] },
      { filter: 'userName lt "{userName:bob}"', expected: ['alice'] },
      { filter: 'userName le "{userName:bob}"', expected: ['alice', 'bob'] },
      // Case-insensitive ordering: a case-sensitive comparison would put every lowercase name above "J".
      { filter: 'userName gt "J"', expected: ['judy', 'mallory', 'oscar'] },
      { filter: 'userName lt "C"', expected: ['alice', 'bob'] },
      { filter: 'name.familyName co "AN"', expected: ['alice', 'erin', 'ivan'] },
      { filter: 'name.familyName sw "B"', expected: ['bob'] },
      { filter: 'name.familyName ew "s"', expected: ['dave', 'erin', 'judy'] },
      { filter: 'name.familyName pr', expected: except('grace', 'oscar') },
      { filter: `${USER_URN}:name.familyName eq "hill"`, expected: ['heidi'] },
      // pr on a complex attribute: "if it contains a non-empty node for complex attributes, there is a match".
      { filter: 'name pr', expected: except('oscar') },
      { filter: 'displayName eq "alice anderson"', expected: ['alice'] },
      { filter: 'title eq "engineer"', expected: ['alice', 'bob', 'heidi', 'judy'] },
      { filter: 'title co "Engineer"', expected: ['alice', 'bob', 'erin', 'heidi', 'judy'] },
      { filter: 'title sw "senior"', expected: ['erin'] },
      { filter: 'title ew "AGER"', expected: ['carol', 'frank'] },
      { filter: 'title pr', expected: except('dave', 'ivan', 'oscar') },
      {
        filter: 'active eq true',
        expected: ['alice', 'carol', 'dave', 'frank', 'grace', 'heidi', 'judy', 'mallory'],
      },
      { filter: 'active eq false', expected: ['bob', 'erin', 'ivan', 'oscar'] },
      { filter: 'active ne true', expected: ['bob', 'erin', 'ivan', 'oscar'] },
      { filter: 'externalId eq "{externalId:alice}"', expected: ['alice'] },
      // externalId is caseExact true (RFC 7643 §3.1).
      { filter: 'externalId eq "{externalId.lower:alice}"', expected: [] },
      { filter: 'id eq "{id:alice}"', expected: ['alice'] },
      // Multi-valued: "the filter matches if any of the values of the specified attribute match".
      { filter: 'emails.value eq "C.CAROL@{home.upper}"', expected: ['carol'] },
      { filter: 'emails.value ew "@{globex}"', expected: ['erin', 'frank', 'heidi', 'mallory'] },
      { filter: 'emails.value sw "x."', expected: ['heidi'] },
      { filter: 'emails.type eq "other"', expected: ['erin'] },
      { filter: 'emails pr', expected: except('dave', 'oscar') },
      {
        filter: 'emails.type ne "work" and emails pr',
        expected: ['alice', 'carol', 'erin', 'frank', 'ivan'],
      },
      // A value path matches when one value satisfies the whole bracketed filter; the plain "and" of two
      // sub-attribute filters also matches frank (work address at globex, home address at acme).
      {
        filter: 'emails[type eq "work" and value co "@{acme}"]',
        expected: ['alice', 'bob', 'grace', 'heidi', 'judy'],
      },
      {
        filter: 'emails.type eq "work" and emails.value co "@{acme}"',
        expected: ['alice', 'bob', 'frank', 'grace', 'heidi', 'judy'],
      },
      { filter: 'emails[TYPE EQ "work" AND value EW "@{globex}"]', expected: ['frank', 'heidi', 'mallory'] },
      { filter: 'emails[type eq "home"]', expected: ['alice', 'carol', 'frank', 'ivan'] },
      { filter: 'emails[primary eq true]', expected: ['alice'] },
      // Precedence: "not" over "and" over "or", parentheses first (§3.4.2.2). Left to right, the first would
      // select nobody (every manager and director is active).
      {
        filter: 'title eq "Manager" or title eq "Director" and active eq false',
        expected: ['carol', 'frank'],
      },
      {
        filter: '(title eq "Manager" or title eq "Director") and active eq true',
        expected: ['carol', 'frank', 'grace'],
      },
      { filter: 'not (active eq true) and title pr', expected: ['bob', 'erin'] },
      { filter: 'not (title pr) or name.familyName eq "Hill"', expected: ['dave', 'heidi', 'ivan', 'oscar'] },
      {
        filter: '((userName eq "{userName:alice}") or (userName eq "{userName:bob}" and active eq true))',
        expected: ['alice'],
      },
      { filter: 'title co "engineer" and not (emails.value co "@{acme}")', expected: ['erin'] },
      // The ABNF's literals ("and", "or", "not") are case-insensitive (RFC 5234 §2.3).
      {
        filter: 'userName eq "{userName:alice}" OR userName eq "{userName:bob}"',
        expected: ['alice', 'bob'],
      },
      { filter: 'NOT (active eq true) And emails pr', expected: ['bob', 'erin', 'ivan'] },
      // The enterprise extension, by URN-qualified name (§3.10).
      { filter: `${DEPARTMENT} eq "Engineering"`, expected: ['alice', 'bob', 'frank'] },
      { filter: `${DEPARTMENT} eq "sales"`, expected: ['carol', 'dave', 'ivan'] },
      { filter: `${DEPARTMENT} pr`, expected: ['alice', 'bob', 'carol', 'dave', 'frank', 'heidi', 'ivan'] },
      { filter: `${EMPLOYEE_NUMBER} pr`, expected: ['alice', 'bob', 'carol', 'frank'] },
      // "Clients MAY query by schema or schema extensions by using a filter expression including the
      // "schemas" attribute" (§3.4.2.2, Figure 2).
      {
        filter: `schemas eq "${ENTERPRISE_URN}"`,
        expected: ['alice', 'bob', 'carol', 'dave', 'frank', 'heidi', 'ivan'],
      },
      // The read-only groups of a user (RFC 7643 §4.1.2), derived from the groups' members.
      { filter: 'groups.value eq "{groupId:engineers}"', expected: ['alice', 'bob', 'heidi'] },
      { filter: 'groups[display eq "{group.lower:managers}"]', expected: ['carol', 'frank'] },
      {
        filter: 'groups pr and not (groups.value eq "{groupId:managers}")',
        expected: ['alice', 'bob', 'heidi'],
      },
    ];

    it.each(userCases)('Users: $filter', async ({ filter, expected }) => {
      await expectSelected('/Users', filter, expected);
    });

    const groupCases: FilterCase<GroupKey>[] = [
      { filter: 'displayName eq "{group:engineers}"', expected: ['engineers'] },
      { filter: 'displayName eq "{group.lower:engineers}"', expected: ['engineers'] },
      { filter: `${GROUP_URN}:displayName eq "{group:empty}"`, expected: ['empty'] },
      { filter: 'displayName sw "managers"', expected: ['managers'] },
      { filter: 'members[value eq "{id:alice}"]', expected: ['engineers'] },
      { filter: 'members.value eq "{id:carol}"', expected: ['managers'] },
      { filter: 'members.value eq "{id:dave}"', expected: [] },
      { filter: 'members pr', expected: ['engineers', 'managers'] },
      { filter: 'not (members pr)', expected: ['empty'] },
      { filter: 'externalId eq "Grp-Ext-{run}"', expected: ['empty'] },
      // externalId is caseExact true (RFC 7643 §3.1).
      { filter: 'externalId eq "grp-ext-{run}"', expected: [] },
    ];

    it.each(groupCases)('Groups: $filter', async ({ filter, expected }) => {
      await expectSelected('/Groups', filter, expected);
    });

    it('compares id case-exactly (RFC 7643 §3.1: id is caseExact)', async () => {
      const id: string = users.alice.id;
      // An id without letters reads the same in upper case, and then must match.
      await expectSelected('/Users', `id eq "${id.toUpperCase()}"`, id.toUpperCase() === id ? ['alice'] : []);
    });

    it('compares dateTime attributes chronologically (meta.created, meta.lastModified)', async () => {
      await expectSelected('/Users', 'meta.lastModified gt "2020-01-01T00:00:00Z"', ALL);
      await expectSelected('/Users', 'meta.created ge "2020-01-01T00:00:00Z"', ALL);
      await expectSelected('/Users', 'meta.created lt "2020-01-01T00:00:00Z"', []);
      await expectSelected('/Users', 'meta.created le "2999-12-31T23:59:59Z"', ALL);

      // At an instant a user was created: gt excludes that user, ge includes it.
      const created = (key: Key): number => Date.parse(users[key].meta.created);
      const pivot = CREATION_ORDER[5];
      const at = users[pivot].meta.created as string;
      const after = ALL.filter((key) => created(key) > created(pivot));
      const fromPivot = ALL.filter((key) => created(key) >= created(pivot));
      expect(after.length).toBeGreaterThan(0);
      await expectSelected('/Users', `meta.created gt "${at}"`, after);
      await expectSelected('/Users', `meta.created ge "${at}"`, fromPivot);
      await expectSelected('/Users', `meta.created lt "${at}"`, except(...fromPivot));
      await expectSelected('/Users', `meta.created le "${at}"`, except(...after));

      // The same instant written with another time zone offset (xsd:dateTime, RFC 7643 §2.3.5) must compare
      // the same: a text comparison of "…+02:00" against "…Z" would not.
      const times = CREATION_ORDER.map(created);
      const gap = times.findIndex((time, index) => index > 0 && time - times[index - 1] >= 2);
      expect(gap).toBeGreaterThan(0);
      const middle = Math.floor((times[gap] + times[gap - 1]) / 2);
      const shifted = new Date(middle + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      await expectSelected('/Users', `meta.created gt "${shifted}"`, CREATION_ORDER.slice(gap));
    });

    it('treats null and empty values as absent for pr (RFC 7643 §2.5)', async () => {
      const own = await newDirectory(target());
      const bare = await createUser(own, userResource(uniqueUserName('bare'), { title: null, emails: [] }));
      const full = await createUser(
        own,
        userResource(uniqueUserName('full'), {
          title: 'Engineer',
          emails: [{ value: `full@${domains.acme}`, type: 'work' }],
        }),
      );
      for (const filter of ['title pr', 'emails pr', 'emails.value pr']) {
        const answer = await own.request('GET', `/Users?${queryString({ filter })}`);
        const resources = resourcesOf(answer);
        expect({ filter, ids: resources.map((resource) => resource.id) }).toEqual({ filter, ids: [full.id] });
      }
      const answer = await own.request('GET', `/Users?${queryString({ filter: 'not (title pr)' })}`);
      expect(resourcesOf(answer).map((resource) => resource.id)).toEqual([bare.id]);
    });

    it.each([
      '(userName eq "x"',
      'userName eq "x")',
      'userName regex "x"',
      'userName eq',
      'userName',
      'userName eq "unterminated',
      'userName pr "x"',
      'emails[type eq "work"',
      'emails[type eq "work"]]',
      'and userName eq "x"',
      'userName eq "x" and',
      'userName eq "x" userName eq "y"',
      '!!! garbage',
    ])('refuses the invalid filter %s with 400 invalidFilter', async (filter) => {
      expectScimError(await get('/Users', { filter }), 400, 'invalidFilter');
    });

    it('refuses gt on a boolean with 400 invalidFilter ("Boolean and Binary attributes SHALL cause a failed response")', async () => {
      expectScimError(await get('/Users', { filter: 'active gt true' }), 400, 'invalidFilter');
    });

    it('filters on meta.resourceType, or refuses it as a combination it does not support', async () => {
      // Table 9 (§3.12) lets a provider answer invalidFilter when "the specified attribute and filter comparison
      // combination is not supported"; if it filters, every user is of resource type User.
      const answer = await get('/Users', { filter: 'meta.resourceType eq "User"' });
      if (answer.status === 400) expectScimError(answer, 400, 'invalidFilter');
      else await expectSelected('/Users', 'meta.resourceType eq "User"', ALL);
    });

    it.each(['nickNameOfTheDog eq "x"', 'members pr', `${ENTERPRISE_URN}:shoeSize eq "42"`])(
      'treats %s, on an attribute Users do not have, as no value, or refuses it',
      async (filter) => {
        // §3.4.2.1: "For filtered attributes that are not part of a particular resource type, the service
        // provider SHALL treat the attribute as if there is no attribute value. For example, a presence or
        // equality filter for an undefined attribute evaluates to false." Table 9 also lets a provider refuse
        // an attribute and comparison it does not support with invalidFilter; both are accepted here.
        const answer = await get('/Users', { filter });
        if (answer.status === 400) {
          expectScimError(answer, 400, 'invalidFilter');
          return;
        }
        expect(resourcesOf(answer)).toEqual([]);
        expect(answer.body.totalResults).toBe(0);
        await expectSelected('/Users', `not (${filter})`, ALL);
      },
    );
  });

  describe('sorting (RFC 7644 §3.4.2.3)', () => {
    // String attributes sort case-insensitively unless caseExact (§3.4.2.3); a missing value sorts last
    // ascending and first descending.
    const familyOrder: Key[][] = [
      ['alice'],
      ['bob'],
      ['carol'],
      ['dave'],
      ['erin'],
      ['frank'],
      ['heidi'],
      ['ivan'],
      ['judy'],
      ['mallory'],
      ['grace', 'oscar'],
    ];

    it('sorts by userName ascending by default, case-insensitively', async () => {
      expect(await usersInOrder({ sortBy: 'userName' })).toEqual([...KEYS]);
      expect(await usersInOrder({ sortBy: 'userName', sortOrder: 'ascending' })).toEqual([...KEYS]);
      expect(await usersInOrder({ sortBy: `${USER_URN}:userName` })).toEqual([...KEYS]);
    });

    it('sorts by userName descending', async () => {
      expect(await usersInOrder({ sortBy: 'userName', sortOrder: 'descending' })).toEqual(
        [...KEYS].reverse(),
      );
    });

    it('sorts by name.familyName, missing values last ascending and first descending', async () => {
      expectOrder(await usersInOrder({ sortBy: 'name.familyName' }), familyOrder);
      expectOrder(
        await usersInOrder({ sortBy: 'name.familyName', sortOrder: 'descending' }),
        [...familyOrder].reverse(),
      );
    });

    it('sorts by meta.created, in creation order', async () => {
      expect(await usersInOrder({ sortBy: 'meta.created' })).toEqual([...CREATION_ORDER]);
      expect(await usersInOrder({ sortBy: 'meta.created', sortOrder: 'descending' })).toEqual(
        [...CREATION_ORDER].reverse(),
      );
    });

    it('sorts by a multi-valued attribute by its primary value, else its first value', async () => {
      // "if it's a multi-valued attribute, resources are sorted by the value of the primary attribute ..., if
      // any, or else the first value in the list, if any". The first value is read from the server's answer.
      const answer = resourcesOf(await get('/Users', { count: 100 }));
      const sortKey = (resource: Json): string | undefined => {
        const emails: Json[] = resource.emails ?? [];
        return (emails.find((email) => email.primary === true) ?? emails[0])?.value?.toLowerCase();
      };
      const withEmails = answer.filter((resource) => sortKey(resource) !== undefined);
      const expected = [...withEmails]
        .sort((a, b) => (sortKey(a)! < sortKey(b)! ? -1 : 1))
        .map((resource): Key[] => [keyOfUser(resource) as Key]);
      expected.push(['dave', 'oscar']);
      expectOrder(await usersInOrder({ sortBy: 'emails.value' }), expected);
    });

    it('sorts groups by displayName', async () => {
      const answer = resourcesOf(await get('/Groups', { sortBy: 'displayName', sortOrder: 'descending' }));
      expect(answer.map(keyOfGroup)).toEqual(['managers', 'engineers', 'empty']);
    });
  });

  describe('paging (RFC 7644 §3.4.2.4)', () => {
    it('returns the page asked for, 1-based, with totalResults, startIndex and itemsPerPage', async () => {
      const answer = await get('/Users', { sortBy: 'userName', startIndex: 3, count: 4 });
      const resources = resourcesOf(answer);
      expect(resources.map(keyOfUser)).toEqual(KEYS.slice(2, 6));
      expect(answer.body).toMatchObject({ totalResults: 12, startIndex: 3, itemsPerPage: 4 });
    });

    it('pages a filtered query: totalResults counts every match', async () => {
      const answer = await get('/Users', {
        filter: 'active eq true',
        sortBy: 'userName',
        startIndex: 4,
        count: 3,
      });
      expect(resourcesOf(answer).map(keyOfUser)).toEqual(['frank', 'grace', 'heidi']);
      expect(answer.body).toMatchObject({ totalResults: 8, startIndex: 4, itemsPerPage: 3 });
    });

    it.each([0, -5])(
      'reads startIndex %p as 1 ("A value less than 1 SHALL be interpreted as 1")',
      async (startIndex) => {
        const answer = await get('/Users', { sortBy: 'userName', startIndex, count: 2 });
        expect(resourcesOf(answer).map(keyOfUser)).toEqual(['alice', 'bob']);
        expect(answer.body).toMatchObject({ totalResults: 12, startIndex: 1 });
      },
    );

    it.each([0, -1])(
      'answers count %p with totalResults only ("A negative value SHALL be interpreted as 0")',
      async (count) => {
        const answer = await get('/Users', { count });
        expect(resourcesOf(answer)).toEqual([]);
        expect(answer.body.totalResults).toBe(12);
      },
    );

    it('answers a startIndex past the end with an empty page and the right totalResults', async () => {
      for (const startIndex of [13, 500]) {
        const answer = await get('/Users', { startIndex, count: 5 });
        expect(resourcesOf(answer)).toEqual([]);
        expect(answer.body.totalResults).toBe(12);
      }
    });

    it('returns a short last page', async () => {
      const answer = await get('/Users', { sortBy: 'userName', startIndex: 11, count: 5 });
      expect(resourcesOf(answer).map(keyOfUser)).toEqual(['mallory', 'oscar']);
      expect(answer.body).toMatchObject({ totalResults: 12, startIndex: 11, itemsPerPage: 2 });
    });

    it('serves a page of its own size when count is absent, and says so when it is partial', async () => {
      const answer = await get('/Users');
      const resources = resourcesOf(answer);
      expect(answer.body.totalResults).toBe(12);
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.length).toBeLessThanOrEqual(Math.min(12, maxResults));
      // startIndex and itemsPerPage are "REQUIRED when partial results are returned due to pagination".
      if (resources.length < 12)
        expect(answer.body).toMatchObject({ startIndex: 1, itemsPerPage: resources.length });
    });

    it('caps a count above filter.maxResults rather than refusing it', async () => {
      // count: "the service provider MUST NOT return more results than specified, although it MAY return fewer".
      const answer = await get('/Users', { count: maxResults + 1 });
      const resources = resourcesOf(answer);
      expect(resources.length).toBeLessThanOrEqual(maxResults);
      expect(resources.map(keyOfUser).sort()).toEqual(sorted(ALL));
    });

    it.each([
      ['sorted by userName', { sortBy: 'userName' }, 5],
      ['sorted by name.familyName, with ties across a page boundary', { sortBy: 'name.familyName' }, 11],
      ['in the server’s own order', {}, 5],
      ['sorted by meta.created descending', { sortBy: 'meta.created', sortOrder: 'descending' }, 4],
    ] as const)('pages through every user exactly once, %s', async (_, params, count) => {
      // Nothing changes between the requests, so the pages must partition the result (§3.4.2.4).
      const seen: string[] = [];
      for (let startIndex = 1; startIndex <= 12; startIndex += count) {
        const answer = await get('/Users', { ...params, startIndex, count });
        const resources = resourcesOf(answer);
        expect(answer.body.totalResults).toBe(12);
        expect(resources.length).toBe(Math.min(count, 12 - startIndex + 1));
        seen.push(...resources.map(keyOfUser));
      }
      expect(sorted(seen)).toEqual(sorted(ALL));
      if ('sortBy' in params && params.sortBy === 'userName') expect(seen).toEqual([...KEYS]);
    });
  });

  describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5, §3.9)', () => {
    const aliceQuery = (params: Record<string, string>): Promise<ScimAnswer> =>
      get('/Users', { filter: `userName eq "${userName('alice')}"`, ...params });

    const attributeCases: { attributes: string; names: string[]; check: (resource: Json) => void }[] = [
      {
        attributes: 'userName',
        names: ['userName'],
        check: (r) => expect(r.userName).toBe(userName('alice')),
      },
      // Attribute names are case-insensitive (RFC 7643 §2.1).
      {
        attributes: 'USERNAME',
        names: ['userName'],
        check: (r) => expect(r.userName).toBe(userName('alice')),
      },
      {
        attributes: `${USER_URN}:userName`,
        names: ['userName'],
        check: (r) => expect(r.userName).toBe(userName('alice')),
      },
      {
        attributes: 'name.familyName',
        names: ['name'],
        check: (r) => expect(r.name).toEqual({ familyName: 'Anderson' }),
      },
      {
        attributes: `${USER_URN}:name.givenName`,
        names: ['name'],
        check: (r) => expect(r.name).toEqual({ givenName: 'Alice' }),
      },
      {
        attributes: 'emails.value',
        names: ['emails'],
        check: (r) =>
          expect(r.emails).toEqual(
            expect.arrayContaining(PEOPLE.alice.emails!.map((email) => ({ value: address(email) }))),
          ),
      },
      {
        attributes: 'userName,title',
        names: ['userName', 'title'],
        check: (r) => expect(r.title).toBe('Engineer'),
      },
      {
        attributes: DEPARTMENT,
        names: [ENTERPRISE_URN],
        check: (r) => expect(r[ENTERPRISE_URN]).toEqual({ department: 'Engineering' }),
      },
    ];

    it.each(attributeCases)(
      'attributes=$attributes returns only that and the attributes returned always',
      async ({ attributes, names, check }) => {
        const listed = resourcesOf(await aliceQuery({ attributes }));
        expect(listed).toHaveLength(1);
        const byId = await get(`/Users/${users.alice.id}`, { attributes });
        expectStatus(byId, 200);
        for (const resource of [listed[0], byId.body]) {
          expectOnlyAttributes(resource, names, metaAlways);
          expect(resource.id).toBe(users.alice.id);
          expect(resource.schemas).toContain(USER_URN);
          check(resource);
          if (Array.isArray(resource.emails)) expect(resource.emails).toHaveLength(2);
        }
      },
    );

    it('applies attributes to every resource of a list', async () => {
      const resources = resourcesOf(await get('/Users', { attributes: 'userName' }));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expectOnlyAttributes(resource, ['userName'], metaAlways);
    });

    const excludedCases: { excludedAttributes: string; check: (resource: Json) => void }[] = [
      {
        excludedAttributes: 'emails',
        check: (r) => {
          expect(r).not.toHaveProperty('emails');
          expect(r).toMatchObject({ userName: userName('alice'), title: 'Engineer', active: true });
          expect(r.name).toMatchObject({ familyName: 'Anderson' });
          expect(r[ENTERPRISE_URN]).toMatchObject({ department: 'Engineering' });
        },
      },
      {
        excludedAttributes: 'EMAILS,title',
        check: (r) => {
          expect(r).not.toHaveProperty('emails');
          expect(r).not.toHaveProperty('title');
          expect(r.userName).toBe(userName('alice'));
        },
      },
      {
        excludedAttributes: 'name.givenName',
        check: (r) => {
          expect(r.name).toEqual({ familyName: 'Anderson' });
          expect(r.emails).toHaveLength(2);
        },
      },
      {
        excludedAttributes: DEPARTMENT,
        check: (r) => expect(r[ENTERPRISE_URN]).toEqual({ employeeNumber: '1001' }),
      },
      // id is returned "always" (RFC 7643 §3.1): "Attributes whose "returned" setting is "always" SHALL be
      // returned" even when excluded (§3.9).
      { excludedAttributes: 'id', check: (r) => expect(r.userName).toBe(userName('alice')) },
    ];

    it.each(excludedCases)(
      'excludedAttributes=$excludedAttributes drops just that',
      async ({ excludedAttributes, check }) => {
        const listed = resourcesOf(await aliceQuery({ excludedAttributes }));
        expect(listed).toHaveLength(1);
        const byId = await get(`/Users/${users.alice.id}`, { excludedAttributes });
        expectStatus(byId, 200);
        for (const resource of [listed[0], byId.body]) {
          expect(resource.id).toBe(users.alice.id);
          expect(resource.schemas).toContain(USER_URN);
          check(resource);
        }
      },
    );

    it('GET /Groups?excludedAttributes=members (as Entra ID and Okta send it) returns groups without members', async () => {
      const full = resourcesOf(
        await get('/Groups', { filter: `displayName eq "${groups.engineers.displayName}"` }),
      );
      expect(full[0].members).toHaveLength(3);

      const all = resourcesOf(await get('/Groups', { excludedAttributes: 'members' }));
      expect(all.map(keyOfGroup).sort()).toEqual(sorted(GROUP_KEYS));
      for (const group of all) {
        expect(group).not.toHaveProperty('members');
        expect(group).toMatchObject({
          schemas: [GROUP_URN],
          displayName: groups[keyOfGroup(group) as GroupKey].displayName,
        });
      }
      const filtered = await get('/Groups', {
        filter: `displayName eq "${groups.engineers.displayName}"`,
        excludedAttributes: 'members',
      });
      const [engineers] = resourcesOf(filtered);
      expect(filtered.body.totalResults).toBe(1);
      expect(engineers).not.toHaveProperty('members');
      expect(engineers.id).toBe(groups.engineers.id);

      const byId = await get(`/Groups/${groups.engineers.id}`, { excludedAttributes: 'members' });
      expectStatus(byId, 200);
      expect(byId.body).not.toHaveProperty('members');
      expect(byId.body.displayName).toBe(groups.engineers.displayName);

      const named = resourcesOf(await get('/Groups', { attributes: 'displayName' }));
      for (const group of named) expectOnlyAttributes(group, ['displayName'], metaAlways);
    });

    it('projects the resource answered to POST and PUT too ("any operation that returns a resource", §3.9)', async () => {
      const own = await newDirectory(target());
      const name = uniqueUserName('projected');
      const emails = [{ value: `projected@${domains.acme}`, type: 'work' }];
      const created = await own.request('POST', `/Users?${queryString({ attributes: 'userName' })}`, {
        body: userResource(name, { title: 'Engineer', emails }),
      });
      expectStatus(created, 201);
      expectOnlyAttributes(created.body, ['userName'], metaAlways);
      expect(created.body.userName).toBe(name);

      const replaced = await own.request(
        'PUT',
        `/Users/${created.body.id}?${queryString({ excludedAttributes: 'emails' })}`,
        { body: userResource(name, { title: 'Manager', emails }) },
      );
      expectStatus(replaced, 200);
      expect(replaced.body).not.toHaveProperty('emails');
      expect(replaced.body).toMatchObject({ id: created.body.id, userName: name, title: 'Manager' });
    });
  });

  describe('POST /.search (RFC 7644 §3.4.3)', () => {
    it('POST /Users/.search takes every query parameter in a SearchRequest and answers 200 with a ListResponse', async () => {
      const answer = await directory.request('POST', '/Users/.search', {
        body: {
          schemas: [SEARCH_URN],
          filter: 'active eq true',
          sortBy: 'userName',
          sortOrder: 'descending',
          startIndex: 2,
          count: 3,
          attributes: ['userName', 'active'],
        },
      });
      const resources = resourcesOf(answer);
      // Active users by userName descending: mallory, judy, heidi, grace, frank, dave, carol, alice.
      expect(resources.map(keyOfUser)).toEqual(['judy', 'heidi', 'grace']);
      expect(answer.body).toMatchObject({ totalResults: 8, startIndex: 2, itemsPerPage: 3 });
      for (const resource of resources) {
        expectOnlyAttributes(resource, ['userName', 'active'], metaAlways);
        expect(resource.active).toBe(true);
      }
    });

    it('POST /Users/.search honours excludedAttributes', async () => {
      const answer = await directory.request('POST', '/Users/.search', {
        body: {
          schemas: [SEARCH_URN],
          filter: `userName eq "${userName('frank')}"`,
          excludedAttributes: ['emails'],
        },
      });
      const [frank] = resourcesOf(answer);
      expect(answer.body.totalResults).toBe(1);
      expect(frank).not.toHaveProperty('emails');
      expect(frank).toMatchObject({ id: users.frank.id, userName: userName('frank'), title: 'Manager' });
    });

    it('POST /Groups/.search filters groups', async () => {
      const answer = await directory.request('POST', '/Groups/.search', {
        body: {
          schemas: [SEARCH_URN],
          filter: `members[value eq "${users.frank.id}"]`,
          excludedAttributes: ['members'],
        },
      });
      const resources = resourcesOf(answer);
      expect(resources.map(keyOfGroup)).toEqual(['managers']);
      expect(resources[0]).not.toHaveProperty('members');
    });

    it('POST /.search at the root searches users and groups together, each with its own schemas', async () => {
      const answer = await directory.request('POST', '/.search', {
        body: { schemas: [SEARCH_URN], count: 100 },
      });
      const resources = resourcesOf(answer);
      expect(answer.body.totalResults).toBe(15);
      const found = resources.map((resource) => {
        if (resource.schemas?.includes(GROUP_URN)) {
          expect(resource.meta?.resourceType ?? 'Group').toBe('Group');
          return `group ${keyOfGroup(resource)}`;
        }
        expect(resource.schemas).toContain(USER_URN);
        expect(resource.meta?.resourceType ?? 'User').toBe('User');
        return `user ${keyOfUser(resource)}`;
      });
      expect(sorted(found)).toEqual(
        sorted([...ALL.map((key) => `user ${key}`), ...GROUP_KEYS.map((key) => `group ${key}`)]),
      );
    });

    const everyUser = ALL.map((key) => `user ${key}`);
    it.each([
      { filter: 'userName pr', expected: everyUser },
      { filter: 'members pr', expected: ['group engineers', 'group managers'] },
      {
        filter: 'displayName eq "Alice Anderson" or displayName eq "{group:engineers}"',
        expected: ['group engineers', 'user alice'],
      },
      // Each side of the "or" names an attribute that only one of the two resource types has.
      {
        filter: 'userName eq "{userName:alice}" or displayName eq "{group:engineers}"',
        expected: ['group engineers', 'user alice'],
      },
      { filter: 'userName pr or members pr', expected: ['group engineers', 'group managers', ...everyUser] },
      { filter: 'not (members pr) and externalId pr', expected: ['group empty', ...everyUser] },
    ])(
      'POST /.search at the root filters users and groups together: $filter',
      async ({ filter, expected }) => {
        // §3.4.2.1: "For filtered attributes that are not part of a particular resource type, the service provider
        // SHALL treat the attribute as if there is no attribute value. For example, a presence or equality filter
        // for an undefined attribute evaluates to false."
        const answer = await directory.request('POST', '/.search', {
          body: { schemas: [SEARCH_URN], filter: fill(filter), count: 100 },
        });
        const resources = resourcesOf(answer);
        const found = resources.map((resource) =>
          resource.schemas?.includes(GROUP_URN)
            ? `group ${keyOfGroup(resource)}`
            : `user ${keyOfUser(resource)}`,
        );
        expect({ totalResults: answer.body.totalResults, found: sorted(found) }).toEqual({
          totalResults: expected.length,
          found: sorted(expected),
        });
      },
    );

    it.each([
      ['a body that is not JSON', { raw: '{"schemas": [' }],
      ['a JSON array', { body: [] }],
      ['a string startIndex', { body: { schemas: [SEARCH_URN], startIndex: 'one' } }],
      ['another message schema', { body: { schemas: [PATCH_URN], filter: 'userName pr' } }],
    ])('refuses %s with 400', async (_, options) => {
      for (const path of ['/Users/.search', '/.search']) {
        expectScimError(await directory.request('POST', path, options), 400);
      }
    });

    it('refuses an invalid filter in a SearchRequest with 400 invalidFilter', async () => {
      for (const path of ['/Users/.search', '/Groups/.search', '/.search']) {
        const answer = await directory.request('POST', path, {
          body: { schemas: [SEARCH_URN], filter: 'userName eq' },
        });
        expectScimError(answer, 400, 'invalidFilter');
      }
    });
  });
}
