import { randomUUID } from 'node:crypto';
import {
  ENTERPRISE_URN,
  expectStatus,
  GROUP_URN,
  PATCH_URN,
  USER_URN,
  type ScimAnswer,
} from '../conformance/conformance-client';
import { uniqueName } from '../unique-name';
import {
  apiRequest,
  createDirectory,
  createOrganization,
  expectApiError,
  expectOk,
  idsOf,
  minimalUser,
  newDirectory,
  scimCreate,
  walkPages,
  type DirectoryFixture,
  type Json,
  type ManagementApiTarget,
} from './management-client';

/** The normalized user of the issue, field by field. */
const USER_FIELDS = [
  'id',
  'directoryId',
  'organizationId',
  'externalId',
  'userName',
  'email',
  'emails',
  'givenName',
  'familyName',
  'displayName',
  'active',
  'title',
  'department',
  'employeeNumber',
  'costCenter',
  'division',
  'manager',
  'phoneNumbers',
  'locale',
  'customAttributes',
  'rawAttributes',
  'createdAt',
  'updatedAt',
];

const GROUP_FIELDS = [
  'id',
  'directoryId',
  'organizationId',
  'externalId',
  'displayName',
  'memberCount',
  'rawAttributes',
  'createdAt',
  'updatedAt',
];

/** Expects every field of the normalized shape on `resource` (null where unset, never missing). */
function expectFields(resource: Json, fields: readonly string[]): void {
  const missing = fields.filter((field) => !(field in resource));
  expect({ id: resource.id, missing }).toEqual({ id: resource.id, missing: [] });
}

/** A PATCH succeeded: RFC 7644 §3.5.2 lets the server answer 200 with the resource or 204. */
function expectPatched(answer: ScimAnswer): void {
  expect({ status: [200, 204].includes(answer.status), body: answer.text.slice(0, 300) }).toEqual({
    status: true,
    body: expect.any(String),
  });
}

const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

/** The users, groups and members of a directory as the management API shows them. */
export function usersGroupsManagement(target: () => ManagementApiTarget): void {
  // Everything here is unique to the run: a search for `tag` finds this directory's users and nothing else.
  const tag = uniqueName('t', '-').slice(2);
  let organization: Json;
  let directory: DirectoryFixture;
  let other: DirectoryFixture;
  const users: Record<string, Json> = {};
  const groups: Record<string, Json> = {};
  let otherUser: Json;
  let otherGroup: Json;
  const usersPath = () => `/api/v1/directories/${directory.id}/users`;
  const groupsPath = () => `/api/v1/directories/${directory.id}/groups`;

  beforeAll(async () => {
    organization = await createOrganization(target());
    directory = await createDirectory(target(), organization.id);
    other = await createDirectory(target(), organization.id);
    // Created one after another: the lists are in creation order.
    users['grace'] = await scimCreate(directory, 'Users', {
      schemas: [USER_URN],
      userName: `grace.hopper.${tag}@navy.example`,
      name: { givenName: 'Grace', familyName: 'Hopper' },
      displayName: 'Grace Hopper',
      emails: [{ value: `grace.${tag}@navy.example`, type: 'work', primary: true }],
    });
    users['ada'] = await scimCreate(directory, 'Users', adaResource(tag, users['grace'].id));
    users['minimal'] = await scimCreate(directory, 'Users', minimalUser(`minimal.${tag}@example.com`));
    users['inactive'] = await scimCreate(directory, 'Users', {
      ...minimalUser(`inactive.${tag}@example.com`),
      displayName: 'Dormant Account',
      active: false,
    });
    users['babbage'] = await scimCreate(directory, 'Users', {
      ...minimalUser(`charles.babbage.${tag}@engines.example`),
      displayName: 'Charles Babbage',
      active: true,
    });
    users['underscore'] = await scimCreate(directory, 'Users', minimalUser(`under_score.${tag}@example.com`));
    users['byEmail'] = await scimCreate(directory, 'Users', {
      ...minimalUser(`jdoe-${tag}`),
      emails: [{ value: `John.SearchMe.${tag}@corp.example`, type: 'work', primary: true }],
    });
    users['hamilton'] = await scimCreate(directory, 'Users', {
      ...minimalUser(`mh-${tag}@example.com`),
      displayName: 'Margaret Hamilton',
    });
    // Deactivated later, as identity providers do.
    expectPatched(
      await directory.scim('PATCH', `/Users/${users['babbage'].id}`, {
        body: { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'active', value: false }] },
      }),
    );
    const group = (displayName: string, members: string[], extra: Json = {}) =>
      scimCreate(directory, 'Groups', {
        schemas: [GROUP_URN],
        displayName,
        members: members.map((name) => ({ value: users[name]!.id })),
        ...extra,
      });
    groups['engineering'] = await group(`Engineering ${tag}`, ['grace', 'ada', 'minimal'], {
      externalId: `ext-eng-${tag}`,
    });
    groups['sales'] = await group(`Sales ${tag}`, ['inactive', 'babbage']);
    groups['empty'] = await group(`Empty ${tag}`, []);
    groups['platform'] = await group(`Platform ENGINEERING ${tag}`, ['ada']);
    // The other directory holds look-alikes that must never show through this one.
    otherUser = await scimCreate(other, 'Users', {
      ...minimalUser(`mh-other-${tag}@example.com`),
      displayName: 'Margaret Hamilton',
    });
    otherGroup = await scimCreate(other, 'Groups', {
      schemas: [GROUP_URN],
      displayName: `Engineering ${tag}`,
      members: [{ value: otherUser.id }],
    });
  });

  const order = (...names: string[]): string[] => names.map((name) => users[name]!.id);
  const allUsers = () =>
    order('grace', 'ada', 'minimal', 'inactive', 'babbage', 'underscore', 'byEmail', 'hamilton');

  describe('the normalized user', () => {
    it('maps a SCIM user with the enterprise extension field by field, with its groups', async () => {
      const ada = users['ada'];
      const user = expectOk(await apiRequest(target(), 'GET', `${usersPath()}/${ada.id}`), 200);
      expectFields(user, USER_FIELDS);
      expect(user).toMatchObject({
        id: ada.id,
        directoryId: directory.id,
        organizationId: organization.id,
        externalId: `ext-ada-${tag}`,
        userName: `Ada.Lovelace.${tag}@engines.example`,
        // The primary email, though it is not the first.
        email: `ada.${tag}@engines.example`,
        givenName: 'Ada',
        familyName: 'Lovelace',
        displayName: 'Ada Lovelace',
        active: true,
        title: 'Analyst',
        department: 'Mathematics',
        employeeNumber: '1815',
        costCenter: 'CC-1843',
        division: 'Research',
        locale: 'en-GB',
      });
      expect(user.emails).toHaveLength(2);
      expect(user.emails).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: `ada.home.${tag}@mail.example`, type: 'home' }),
          expect.objectContaining({ value: `ada.${tag}@engines.example`, type: 'work', primary: true }),
        ]),
      );
      expect(user.emails.filter((email: Json) => email.primary === true)).toHaveLength(1);
      expect(user.phoneNumbers).toHaveLength(2);
      expect(user.phoneNumbers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ value: '+44 20 7946 0018', type: 'work' }),
          expect.objectContaining({ value: 'tel:+44-7700-900018', type: 'mobile', primary: true }),
        ]),
      );
      expect(user.manager).toMatchObject({ value: users['grace'].id });
      expect(user.customAttributes).toEqual({});

      // rawAttributes is the SCIM resource as stored: what the SCIM API serves, less its server metadata.
      const scim = await directory.scim('GET', `/Users/${ada.id}`);
      expectStatus(scim, 200);
      const { meta, groups: scimGroups, ...stored } = scim.body;
      expect(scimGroups).toBeDefined();
      expect(user.rawAttributes).toMatchObject(stored);
      expect(user.rawAttributes[ENTERPRISE_URN]).toMatchObject({
        employeeNumber: '1815',
        organization: 'Analytical Engines Ltd',
        manager: { value: users['grace'].id },
      });
      // The password an identity provider may sync is never kept, nor shown.
      expect(user.rawAttributes).not.toHaveProperty('password');
      expect(JSON.stringify(user)).not.toContain(ADA_PASSWORD);
      expect(sameInstant(user.createdAt, meta.created)).toBe(true);
      expect(sameInstant(user.updatedAt, meta.lastModified)).toBe(true);

      expect(user.groups).toHaveLength(2);
      expect(user.groups).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: groups['engineering'].id, displayName: `Engineering ${tag}` }),
          expect.objectContaining({ id: groups['platform'].id, displayName: `Platform ENGINEERING ${tag}` }),
        ]),
      );
    });

    it('gives unset attributes null, [] or {} and a user without `active` is active', async () => {
      const minimal = users['minimal'];
      const user = expectOk(await apiRequest(target(), 'GET', `${usersPath()}/${minimal.id}`), 200);
      expectFields(user, USER_FIELDS);
      expect(user).toMatchObject({
        id: minimal.id,
        directoryId: directory.id,
        organizationId: organization.id,
        externalId: null,
        userName: `minimal.${tag}@example.com`,
        email: null,
        emails: [],
        givenName: null,
        familyName: null,
        displayName: null,
        active: true,
        title: null,
        department: null,
        employeeNumber: null,
        costCenter: null,
        division: null,
        manager: null,
        phoneNumbers: [],
        locale: null,
        customAttributes: {},
        rawAttributes: expect.objectContaining({ userName: `minimal.${tag}@example.com` }),
      });
      expect(user.groups).toEqual([expect.objectContaining({ id: groups['engineering'].id })]);
      const loner = expectOk(
        await apiRequest(target(), 'GET', `${usersPath()}/${users['underscore'].id}`),
        200,
      );
      expect(loner.groups).toEqual([]);
    });

    it("keeps a custom extension's attributes in customAttributes, by schema URN", async () => {
      // Okta and Entra send attributes of a custom schema this way; customAttributes is where they belong.
      const own = await newDirectory(target());
      const extension = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
      const created = await scimCreate(own, 'Users', {
        schemas: [USER_URN, extension],
        userName: `custom.${tag}@example.com`,
        [extension]: { badgeNumber: 'B-7', clearanceLevel: 3 },
      });
      const user = expectOk(
        await apiRequest(target(), 'GET', `/api/v1/directories/${own.id}/users/${created.id}`),
        200,
      );
      expect(user.customAttributes).toEqual({ [extension]: { badgeNumber: 'B-7', clearanceLevel: 3 } });
      expect(user.rawAttributes[extension]).toEqual({ badgeNumber: 'B-7', clearanceLevel: 3 });
    });
  });

  describe('listing users', () => {
    it("walks every page of the directory's users, oldest first, whatever the page size", async () => {
      const everything = await walkPages(target(), usersPath(), 50);
      expect(idsOf(everything)).toEqual(allUsers());
      for (const limit of [1, 3])
        expect(idsOf(await walkPages(target(), usersPath(), limit))).toEqual(allUsers());
      for (const user of everything) {
        expectFields(user, USER_FIELDS);
        expect(user).toMatchObject({ directoryId: directory.id, organizationId: organization.id });
      }
      // A page of the list shows each user as GET does.
      const ada = everything.find((user) => user.id === users['ada'].id);
      const single = expectOk(await apiRequest(target(), 'GET', `${usersPath()}/${users['ada'].id}`), 200);
      const { groups: _groups, roles: _roles, ...withoutRelations } = single;
      expect(ada).toMatchObject(withoutRelations);
    });

    it('searches userName, email and display name, case-insensitively, in this directory only', async () => {
      const cases: Array<[string, string[]]> = [
        ['HOPPER', order('grace')],
        [`searchme.${tag}`.toUpperCase(), order('byEmail')],
        ['hamilton', order('hamilton')],
        ['lovelace', order('ada')],
        [tag, allUsers()],
        [`nobody-${tag}`, []],
      ];
      for (const [search, expected] of cases) {
        const path = `${usersPath()}?search=${encodeURIComponent(search)}`;
        expect({ search, ids: idsOf(await walkPages(target(), path, 2)) }).toEqual({ search, ids: expected });
      }
    });

    it('takes the search text literally: _ and % are characters, not wildcards', async () => {
      for (const [search, expected] of [
        ['_', order('underscore')],
        ['%', []],
        [`under%score`, []],
        [`inactive_${tag}`, []],
      ] as Array<[string, string[]]>) {
        const path = `${usersPath()}?search=${encodeURIComponent(search)}`;
        expect({ search, ids: idsOf(await walkPages(target(), path, 50)) }).toEqual({
          search,
          ids: expected,
        });
      }
    });

    it('filters by group and by active, alone and together with search', async () => {
      const engineering = groups['engineering'].id;
      const sales = groups['sales'].id;
      const cases: Array<[string, string[]]> = [
        [`groupId=${engineering}`, order('grace', 'ada', 'minimal')],
        [`groupId=${groups['platform'].id}`, order('ada')],
        [`groupId=${groups['empty'].id}`, []],
        ['active=false', order('inactive', 'babbage')],
        ['active=true', order('grace', 'ada', 'minimal', 'underscore', 'byEmail', 'hamilton')],
        [`groupId=${sales}&active=false`, order('inactive', 'babbage')],
        [`groupId=${sales}&active=true`, []],
        [`groupId=${engineering}&search=HOPPER`, order('grace')],
        [`active=false&search=babbage`, order('babbage')],
        [`groupId=${engineering}&active=true&search=${tag}`, order('grace', 'ada', 'minimal')],
      ];
      for (const [query, expected] of cases) {
        const path = `${usersPath()}?${query}`;
        expect({ query, ids: idsOf(await walkPages(target(), path, 1)) }).toEqual({ query, ids: expected });
      }
      // Deactivation shows: the user deactivated by PATCH is inactive here.
      const babbage = expectOk(
        await apiRequest(target(), 'GET', `${usersPath()}/${users['babbage'].id}`),
        200,
      );
      expect(babbage.active).toBe(false);
    });

    it('lists no user for a group of another directory or an unknown group', async () => {
      for (const groupId of [otherGroup.id, randomUUID()]) {
        const answer = await apiRequest(target(), 'GET', `${usersPath()}?groupId=${groupId}`);
        // Either answer keeps the other directory out: 404 for a group not found here, or an empty list.
        if (answer.status === 404) expectApiError(answer, 404, `GET users?groupId=${groupId}`);
        else
          expect(expectOk(answer, 200, `GET users?groupId=${groupId}`)).toEqual({
            data: [],
            nextCursor: null,
          });
      }
    });
  });

  describe('groups and members', () => {
    it('maps a SCIM group: {id, directoryId, organizationId, externalId, displayName, memberCount, rawAttributes, createdAt, updatedAt}', async () => {
      const engineering = groups['engineering'];
      const group = expectOk(await apiRequest(target(), 'GET', `${groupsPath()}/${engineering.id}`), 200);
      expectFields(group, GROUP_FIELDS);
      expect(group).toMatchObject({
        id: engineering.id,
        directoryId: directory.id,
        organizationId: organization.id,
        externalId: `ext-eng-${tag}`,
        displayName: `Engineering ${tag}`,
        memberCount: 3,
      });
      expect(group.rawAttributes).toMatchObject({
        displayName: `Engineering ${tag}`,
        externalId: `ext-eng-${tag}`,
      });
      const scim = await directory.scim('GET', `/Groups/${engineering.id}?excludedAttributes=members`);
      expectStatus(scim, 200);
      expect(sameInstant(group.createdAt, scim.body.meta.created)).toBe(true);
      expect(sameInstant(group.updatedAt, scim.body.meta.lastModified)).toBe(true);

      const empty = expectOk(await apiRequest(target(), 'GET', `${groupsPath()}/${groups['empty'].id}`), 200);
      expect(empty).toMatchObject({ externalId: null, memberCount: 0 });
      const sales = expectOk(await apiRequest(target(), 'GET', `${groupsPath()}/${groups['sales'].id}`), 200);
      expect(sales.memberCount).toBe(2);
    });

    it('walks every page of groups, and searches display names case-insensitively in this directory only', async () => {
      const all = [groups['engineering'], groups['sales'], groups['empty'], groups['platform']].map(
        (group) => group!.id,
      );
      for (const limit of [1, 3, 50])
        expect(idsOf(await walkPages(target(), groupsPath(), limit))).toEqual(all);
      for (const group of await walkPages(target(), groupsPath(), 50)) {
        expectFields(group, GROUP_FIELDS);
        expect(group.directoryId).toBe(directory.id);
      }
      const cases: Array<[string, string[]]> = [
        ['engineering', [groups['engineering'].id, groups['platform'].id]],
        ['SALES', [groups['sales'].id]],
        [tag.toUpperCase(), all],
        ['%', []],
        [`nothing-${tag}`, []],
      ];
      for (const [search, expected] of cases) {
        const path = `${groupsPath()}?search=${encodeURIComponent(search)}`;
        expect({ search, ids: idsOf(await walkPages(target(), path, 1)) }).toEqual({ search, ids: expected });
      }
    });

    it("walks a group's members page by page: its users, each once, as normalized users", async () => {
      const path = `${groupsPath()}/${groups['engineering'].id}/members`;
      const everything = await walkPages(target(), path, 50);
      const expected = order('grace', 'ada', 'minimal');
      expect([...idsOf(everything)].sort()).toEqual([...expected].sort());
      for (const limit of [1, 2])
        expect(idsOf(await walkPages(target(), path, limit))).toEqual(idsOf(everything));
      for (const member of everything) {
        expectFields(member, USER_FIELDS);
        expect(member.directoryId).toBe(directory.id);
      }
      expect(everything.find((member) => member.id === users['ada'].id)).toMatchObject({
        userName: `Ada.Lovelace.${tag}@engines.example`,
        email: `ada.${tag}@engines.example`,
      });
      const empty = expectOk(
        await apiRequest(target(), 'GET', `${groupsPath()}/${groups['empty'].id}/members`),
        200,
      );
      expect(empty).toEqual({ data: [], nextCursor: null });
    });

    it('answers 404 for a user or group of another directory reached through this one', async () => {
      const requests = [
        `${usersPath()}/${otherUser.id}`,
        `${groupsPath()}/${otherGroup.id}`,
        `${groupsPath()}/${otherGroup.id}/members`,
        `/api/v1/directories/${other.id}/users/${users['ada'].id}`,
        `/api/v1/directories/${other.id}/groups/${groups['engineering'].id}`,
        `/api/v1/directories/${other.id}/groups/${groups['engineering'].id}/members`,
      ];
      for (const path of requests)
        expectApiError(await apiRequest(target(), 'GET', path), 404, `GET ${path}`);
      // And the other directory lists only its own.
      expect(idsOf(await walkPages(target(), `/api/v1/directories/${other.id}/users`, 50))).toEqual([
        otherUser.id,
      ]);
      expect(idsOf(await walkPages(target(), `/api/v1/directories/${other.id}/groups`, 50))).toEqual([
        otherGroup.id,
      ]);
    });
  });

  describe('following SCIM changes', () => {
    it('shows updates, membership changes and deletions made through SCIM', async () => {
      const own = await newDirectory(target());
      const base = `/api/v1/directories/${own.id}`;
      const created = await scimCreate(own, 'Users', {
        ...minimalUser(`change.${tag}@example.com`),
        name: { givenName: 'Kay', familyName: 'McNulty' },
        title: 'Engineer',
        emails: [{ value: `kay.${tag}@example.com`, primary: true }],
      });
      const keeper = await scimCreate(own, 'Users', minimalUser(`keeper.${tag}@example.com`));
      const team = await scimCreate(own, 'Groups', {
        schemas: [GROUP_URN],
        displayName: `Team ${tag}`,
        members: [{ value: created.id }, { value: keeper.id }],
      });
      const before = expectOk(await apiRequest(target(), 'GET', `${base}/users/${created.id}`), 200);

      expectPatched(
        await own.scim('PATCH', `/Users/${created.id}`, {
          body: {
            schemas: [PATCH_URN],
            Operations: [
              { op: 'replace', path: 'title', value: 'Staff Engineer' },
              { op: 'replace', path: 'name.givenName', value: 'Kathleen' },
              { op: 'replace', path: 'emails[primary eq true].value', value: `kathleen.${tag}@example.com` },
            ],
          },
        }),
      );
      const patched = expectOk(await apiRequest(target(), 'GET', `${base}/users/${created.id}`), 200);
      expect(patched).toMatchObject({
        title: 'Staff Engineer',
        givenName: 'Kathleen',
        familyName: 'McNulty',
        email: `kathleen.${tag}@example.com`,
        createdAt: before.createdAt,
      });
      expect(Date.parse(patched.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));

      // A rename and a member removal, as identity providers PATCH groups.
      expectPatched(
        await own.scim('PATCH', `/Groups/${team.id}`, {
          body: {
            schemas: [PATCH_URN],
            Operations: [
              { op: 'replace', value: { displayName: `Renamed team ${tag}` } },
              { op: 'remove', path: `members[value eq "${keeper.id}"]` },
            ],
          },
        }),
      );
      const group = expectOk(await apiRequest(target(), 'GET', `${base}/groups/${team.id}`), 200);
      expect(group).toMatchObject({ displayName: `Renamed team ${tag}`, memberCount: 1 });
      expect(idsOf(await walkPages(target(), `${base}/groups/${team.id}/members`, 50))).toEqual([created.id]);
      expect(idsOf(await walkPages(target(), `${base}/users?groupId=${team.id}`, 50))).toEqual([created.id]);
      const kept = expectOk(await apiRequest(target(), 'GET', `${base}/users/${keeper.id}`), 200);
      expect(kept.groups).toEqual([]);

      // A user deleted through SCIM is gone here too, and from its groups.
      expectStatus(await own.scim('DELETE', `/Users/${created.id}`), 204);
      expectApiError(
        await apiRequest(target(), 'GET', `${base}/users/${created.id}`),
        404,
        'GET a deleted user',
      );
      expect(idsOf(await walkPages(target(), `${base}/users`, 50))).toEqual([keeper.id]);
      expect(idsOf(await walkPages(target(), `${base}/groups/${team.id}/members`, 50))).toEqual([]);
      expect(expectOk(await apiRequest(target(), 'GET', `${base}/groups/${team.id}`), 200).memberCount).toBe(
        0,
      );

      // A group deleted through SCIM is gone too.
      expectStatus(await own.scim('DELETE', `/Groups/${team.id}`), 204);
      expectApiError(
        await apiRequest(target(), 'GET', `${base}/groups/${team.id}`),
        404,
        'GET a deleted group',
      );
      expect(idsOf(await walkPages(target(), `${base}/groups`, 50))).toEqual([]);
    });
  });
}

const ADA_PASSWORD = 'Difference-Engine-1843!';

/** A user with every attribute the normalized user maps, the primary email second. */
function adaResource(tag: string, managerId: string): Json {
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: `ext-ada-${tag}`,
    userName: `Ada.Lovelace.${tag}@engines.example`,
    name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
    displayName: 'Ada Lovelace',
    emails: [
      { value: `ada.home.${tag}@mail.example`, type: 'home', primary: false },
      { value: `ada.${tag}@engines.example`, type: 'work', primary: true },
    ],
    phoneNumbers: [
      { value: '+44 20 7946 0018', type: 'work' },
      { value: 'tel:+44-7700-900018', type: 'mobile', primary: true },
    ],
    title: 'Analyst',
    locale: 'en-GB',
    active: true,
    password: ADA_PASSWORD,
    [ENTERPRISE_URN]: {
      employeeNumber: '1815',
      costCenter: 'CC-1843',
      organization: 'Analytical Engines Ltd',
      division: 'Research',
      department: 'Mathematics',
      manager: { value: managerId },
    },
  };
}
