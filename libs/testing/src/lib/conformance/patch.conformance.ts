import {
  createGroup,
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  expectStatus,
  groupResource,
  newDirectory,
  PATCH_URN,
  patchRequest,
  uniqueUserName,
  USER_URN,
  userResource,
  type ConformanceDirectory,
  type ConformanceTarget,
  type Json,
  type ScimAnswer,
} from './conformance-client';

type Endpoint = '/Users' | '/Groups';

/** Sends a PatchOp of `operations` to one resource. */
function patch(
  directory: ConformanceDirectory,
  endpoint: Endpoint,
  id: string,
  ...operations: Json[]
): Promise<ScimAnswer> {
  return directory.request('PATCH', `${endpoint}/${id}`, { body: patchRequest(...operations) });
}

/** GETs a resource (fails the test unless 200) and returns it. */
async function read(directory: ConformanceDirectory, endpoint: Endpoint, id: string): Promise<Json> {
  const answer = await directory.request('GET', `${endpoint}/${id}`);
  expectStatus(answer, 200);
  return answer.body;
}

/**
 * Expects a successful PATCH answer and returns the resource as a GET then reads it. RFC 7644 §3.5.2: the server
 * "MUST return a 200 OK response code and the entire resource within the response body [...] or MAY return HTTP
 * status code 204 (No Content)". When 200, the body must be that resource, the one a GET reads back.
 */
async function expectPatched(
  directory: ConformanceDirectory,
  answer: ScimAnswer,
  endpoint: Endpoint,
  id: string,
): Promise<Json> {
  if (answer.status !== 204) expectStatus(answer, 200);
  const current = await read(directory, endpoint, id);
  if (answer.status === 200) {
    expect(answer.body.id).toBe(id);
    expect(answer.body.meta?.version).toBe(current.meta?.version);
  }
  return current;
}

/** Sends the operations, expects success, and returns the resource read back. */
async function patchOk(
  directory: ConformanceDirectory,
  endpoint: Endpoint,
  id: string,
  ...operations: Json[]
): Promise<Json> {
  return expectPatched(directory, await patch(directory, endpoint, id, ...operations), endpoint, id);
}

/** The ids of a group's members, sorted. */
function memberIds(group: Json): string[] {
  return ((group.members ?? []) as Json[]).map((member) => member.value).sort();
}

/** The ids of the groups a user's read-only `groups` attribute lists, sorted. */
function groupIds(user: Json): string[] {
  return ((user.groups ?? []) as Json[]).map((group) => group.value).sort();
}

/** Emails by type, as `{ work: 'a@x', home: 'b@x' }`. */
function emailsByType(user: Json): Record<string, string> {
  return Object.fromEntries(((user.emails ?? []) as Json[]).map((email) => [email.type, email.value]));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** PATCH (RFC 7644 §3.5.2) over HTTP on Users and Groups: the answer and the state a GET reads back. */
export function patchConformance(target: () => ConformanceTarget): void {
  let directory: ConformanceDirectory;

  beforeAll(async () => {
    directory = await newDirectory(target());
  });

  /** A user with two emails (work and home) and a name, for tests to change. */
  async function newUser(extra: Record<string, unknown> = {}): Promise<Json> {
    const userName = uniqueUserName('patch');
    return createUser(
      directory,
      userResource(userName, {
        name: { familyName: 'Jensen', givenName: 'Barbara' },
        emails: [
          { value: `work.${userName}`, type: 'work', primary: true },
          { value: `home.${userName}`, type: 'home' },
        ],
        ...extra,
      }),
    );
  }

  async function newGroup(members: string[] = []): Promise<Json> {
    return createGroup(
      directory,
      groupResource(
        uniqueUserName('group'),
        members.length ? { members: members.map((value) => ({ value })) } : {},
      ),
    );
  }

  describe('add (§3.5.2.1)', () => {
    it('sets an unassigned single-valued attribute, and replaces an assigned one', async () => {
      const user = await newUser({ title: 'Engineer' });
      const after = await patchOk(
        directory,
        '/Users',
        user.id,
        { op: 'add', path: 'nickName', value: 'Babs' },
        // §3.5.2.1: "If the target location specifies a single-valued attribute, the existing value is replaced."
        { op: 'add', path: 'title', value: 'Manager' },
      );
      expect(after).toMatchObject({ nickName: 'Babs', title: 'Manager', userName: user.userName });
    });

    it('sets a sub-attribute of a complex attribute (name.givenName), leaving the other sub-attributes', async () => {
      const user = await newUser({ name: { familyName: 'Jensen' } });
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        path: 'name.givenName',
        value: 'Babs',
      });
      expect(after.name).toMatchObject({ familyName: 'Jensen', givenName: 'Babs' });
    });

    it('appends values to a multi-valued attribute (emails), keeping the existing ones', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        path: 'emails',
        value: [{ value: `other.${user.userName}`, type: 'other' }],
      });
      // §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added to the attribute."
      expect(emailsByType(after)).toEqual({
        work: `work.${user.userName}`,
        home: `home.${user.userName}`,
        other: `other.${user.userName}`,
      });
    });

    it('without a path, merges the value object into the resource, extension attributes included', async () => {
      const user = await newUser({ title: 'Engineer' });
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        // §3.5.2.1: "If omitted, the target location is assumed to be the resource itself. The "value" parameter
        // contains a set of attributes to be added to the resource."
        value: {
          nickName: 'Babs',
          name: { middleName: 'Ann' },
          [ENTERPRISE_URN]: { employeeNumber: '701984', department: 'Tour Operations' },
        },
      });
      expect(after).toMatchObject({
        userName: user.userName,
        title: 'Engineer',
        nickName: 'Babs',
        name: { familyName: 'Jensen', givenName: 'Barbara', middleName: 'Ann' },
        [ENTERPRISE_URN]: { employeeNumber: '701984', department: 'Tour Operations' },
      });
      expect(after.schemas).toEqual(expect.arrayContaining([USER_URN, ENTERPRISE_URN]));
      expect(Object.keys(emailsByType(after)).sort()).toEqual(['home', 'work']);
    });

    it('without a path, takes attribute paths as keys: dotted (name.givenName) and URN-qualified', async () => {
      // Keys that are attribute paths (§3.10 notation) rather than names, as Entra ID sends them.
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        value: {
          'name.givenName': 'Babs',
          [`${ENTERPRISE_URN}:department`]: 'Sales',
          [`${USER_URN}:title`]: 'Lead',
        },
      });
      expect(after.name).toMatchObject({ familyName: 'Jensen', givenName: 'Babs' });
      expect(after.title).toBe('Lead');
      expect(after[ENTERPRISE_URN]).toMatchObject({ department: 'Sales' });
    });

    it('through a value filter, sets the sub-attribute of the selected value (emails[type eq "work"].value)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        path: 'emails[type eq "work"].value',
        value: `new.${user.userName}`,
      });
      expect(emailsByType(after)).toEqual({ work: `new.${user.userName}`, home: `home.${user.userName}` });
    });

    it('through a value filter matching nothing: either creates the value it describes or answers 400 noTarget', async () => {
      // §3.5.2.1 says the attribute is added when the target does not exist; §3.12 defines noTarget for a "path"
      // whose filter yields no match. Either is allowed; a success must then hold the value.
      const user = await newUser();
      const answer = await patch(directory, '/Users', user.id, {
        op: 'add',
        path: 'emails[type eq "other"].value',
        value: `other.${user.userName}`,
      });
      if (answer.status === 400) {
        expectScimError(answer, 400, 'noTarget');
        expect(emailsByType(await read(directory, '/Users', user.id))).not.toHaveProperty('other');
      } else {
        const after = await expectPatched(directory, answer, '/Users', user.id);
        expect(emailsByType(after)).toEqual({
          work: `work.${user.userName}`,
          home: `home.${user.userName}`,
          other: `other.${user.userName}`,
        });
      }
    });

    it('adds group members: one, then several', async () => {
      const [a, b, c] = await Promise.all([newUser(), newUser(), newUser()]);
      const group = await newGroup();
      const one = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: a.id }],
      });
      expect(memberIds(one)).toEqual([a.id]);
      const three = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: b.id }, { value: c.id }],
      });
      expect(memberIds(three)).toEqual([a.id, b.id, c.id].sort());
    });

    it('adding a member already present changes nothing: no duplicate, same meta.lastModified and version', async () => {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id]);
      const before = await read(directory, '/Groups', group.id);
      await pause(20);
      // §3.5.2.1: "If the target location already contains the value specified, no changes SHOULD be made to the
      // resource and a success response SHOULD be returned. Unless other operations change the resource, this
      // operation SHALL NOT change the modify timestamp of the resource."
      const same = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: a.id }],
      });
      expect(memberIds(same)).toEqual([a.id]);
      expect(same.meta.lastModified).toBe(before.meta.lastModified);
      expect(same.meta.version).toBe(before.meta.version);
      // with a new member beside it, the present one is still not repeated
      const both = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: a.id }, { value: b.id }],
      });
      expect(memberIds(both)).toEqual([a.id, b.id].sort());
    });

    it('adds 100 members in one request', async () => {
      const users: Json[] = [];
      for (let batch = 0; batch < 10; batch++) {
        users.push(...(await Promise.all(Array.from({ length: 10 }, () => newUser()))));
      }
      const group = await newGroup();
      const after = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: users.map((user) => ({ value: user.id })),
      });
      expect(memberIds(after)).toEqual(users.map((user) => user.id).sort());
    }, 60_000);
  });

  describe('remove (§3.5.2.2)', () => {
    it('removes a single-valued attribute, which becomes unassigned', async () => {
      const user = await newUser({ title: 'Engineer', nickName: 'Babs' });
      const after = await patchOk(directory, '/Users', user.id, { op: 'remove', path: 'title' });
      expect(after).not.toHaveProperty('title');
      expect(after.nickName).toBe('Babs');
    });

    it('removes a sub-attribute of a complex attribute (name.givenName)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, { op: 'remove', path: 'name.givenName' });
      expect(after.name).toEqual(expect.objectContaining({ familyName: 'Jensen' }));
      expect(after.name).not.toHaveProperty('givenName');
    });

    it('removes a whole multi-valued attribute (emails)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, { op: 'remove', path: 'emails' });
      // "the attribute and all values are removed, and the attribute SHALL be considered unassigned"
      expect(after.emails ?? []).toEqual([]);
    });

    it('removes the values a filter selects (emails[type eq "work"]), keeping the others', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'remove',
        path: 'emails[type eq "work"]',
      });
      expect(emailsByType(after)).toEqual({ home: `home.${user.userName}` });
    });

    it('removes one member by filter (members[value eq "<id>"])', async () => {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id, b.id]);
      const after = await patchOk(directory, '/Groups', group.id, {
        op: 'remove',
        path: `members[value eq "${a.id}"]`,
      });
      expect(memberIds(after)).toEqual([b.id]);
    });

    it('removes all members (path "members")', async () => {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id, b.id]);
      const after = await patchOk(directory, '/Groups', group.id, { op: 'remove', path: 'members' });
      expect(memberIds(after)).toEqual([]);
      expect(after.displayName).toBe(group.displayName);
    });

    it('removing a member that is not there changes nothing: success, or 400 noTarget', async () => {
      // §3.5.2.2 does not say; §3.12 defines noTarget for a filter "that yields no match". Either is allowed,
      // as long as the group is unchanged.
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id]);
      const answer = await patch(directory, '/Groups', group.id, {
        op: 'remove',
        path: `members[value eq "${b.id}"]`,
      });
      if (answer.status === 400) expectScimError(answer, 400, 'noTarget');
      else await expectPatched(directory, answer, '/Groups', group.id);
      expect(memberIds(await read(directory, '/Groups', group.id))).toEqual([a.id]);
    });

    it('without a path answers 400 noTarget', async () => {
      const user = await newUser({ title: 'Engineer' });
      // §3.5.2.2: "If "path" is unspecified, the operation fails with HTTP status code 400 and a "scimType" error
      // code of "noTarget"."
      expectScimError(await patch(directory, '/Users', user.id, { op: 'remove' }), 400, 'noTarget');
      expectScimError(
        await patch(directory, '/Users', user.id, { op: 'remove', value: { title: 'Engineer' } }),
        400,
        'noTarget',
      );
      expect((await read(directory, '/Users', user.id)).title).toBe('Engineer');
    });

    it.each([
      ['a required attribute (userName)', 'userName'],
      ['a read-only attribute (id)', 'id'],
    ])('of %s answers 400 mutability', async (_, path) => {
      const user = await newUser();
      // §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a required attribute or a
      // read-only attribute, the server SHALL return [...] a "scimType" error code of "mutability"."
      expectScimError(await patch(directory, '/Users', user.id, { op: 'remove', path }), 400, 'mutability');
      expect(await read(directory, '/Users', user.id)).toMatchObject({
        id: user.id,
        userName: user.userName,
      });
    });
  });

  describe('replace (§3.5.2.3)', () => {
    it('replaces a single-valued attribute on a user and a group (displayName)', async () => {
      const user = await newUser({ displayName: 'Babs Jensen' });
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: 'displayName',
        value: 'Barbara J.',
      });
      expect(after.displayName).toBe('Barbara J.');

      const group = await newGroup();
      const name = uniqueUserName('renamed');
      const renamed = await patchOk(directory, '/Groups', group.id, {
        op: 'replace',
        path: 'displayName',
        value: name,
      });
      expect(renamed.displayName).toBe(name);
    });

    it('without a path, replaces the attributes the value object names; a complex one keeps unnamed sub-attributes', async () => {
      const user = await newUser({ title: 'Engineer', nickName: 'Babs' });
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        value: { title: 'Manager', name: { givenName: 'Barb' }, [ENTERPRISE_URN]: { costCenter: '4130' } },
      });
      // §3.5.2.3: "Sub-attributes that are not specified in the "value" parameter are left unchanged."
      expect(after).toMatchObject({
        title: 'Manager',
        nickName: 'Babs',
        name: { familyName: 'Jensen', givenName: 'Barb' },
        [ENTERPRISE_URN]: { costCenter: '4130' },
      });
    });

    it('replaces a multi-valued attribute with the given values (emails)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: 'emails',
        value: [{ value: `only.${user.userName}`, type: 'other' }],
      });
      // §3.5.2.3: "If the target location is a multi-valued attribute and no filter is specified, the attribute and
      // all values are replaced."
      expect(emailsByType(after)).toEqual({ other: `only.${user.userName}` });
    });

    it('replaces the members with a new list', async () => {
      const [a, b, c] = await Promise.all([newUser(), newUser(), newUser()]);
      const group = await newGroup([a.id, b.id]);
      const after = await patchOk(directory, '/Groups', group.id, {
        op: 'replace',
        path: 'members',
        value: [{ value: b.id }, { value: c.id }],
      });
      expect(memberIds(after)).toEqual([b.id, c.id].sort());
    });

    it('replaces the members with [], leaving none', async () => {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id, b.id]);
      const after = await patchOk(directory, '/Groups', group.id, {
        op: 'replace',
        path: 'members',
        value: [],
      });
      expect(memberIds(after)).toEqual([]);
    });

    it('replaces the sub-attribute of the values a filter selects (emails[type eq "work"].value)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: 'emails[type eq "work"].value',
        value: `changed.${user.userName}`,
      });
      expect(emailsByType(after)).toEqual({
        work: `changed.${user.userName}`,
        home: `home.${user.userName}`,
      });
      expect(after.emails.find((email: Json) => email.type === 'work').primary).toBe(true);
    });

    it('through a filter matching nothing answers 400 noTarget and changes nothing', async () => {
      const user = await newUser();
      // §3.5.2.3: "If the target location is a multi-valued attribute for which a value selection filter
      // ("valuePath") has been supplied and no record match was made, the service provider SHALL indicate failure
      // by returning HTTP status code 400 and a "scimType" error code of "noTarget"."
      for (const path of ['emails[type eq "other"].value', 'emails[type eq "other"]']) {
        const answer = await patch(directory, '/Users', user.id, {
          op: 'replace',
          path,
          value: path.endsWith('.value') ? 'x@example.com' : { value: 'x@example.com', type: 'other' },
        });
        expectScimError(answer, 400, 'noTarget');
      }
      expect(emailsByType(await read(directory, '/Users', user.id))).toEqual({
        work: `work.${user.userName}`,
        home: `home.${user.userName}`,
      });
    });

    it('sets active to false, then back to true', async () => {
      const user = await newUser({ active: true });
      const off = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: 'active',
        value: false,
      });
      expect(off.active).toBe(false);
      const on = await patchOk(directory, '/Users', user.id, { op: 'replace', value: { active: true } });
      expect(on.active).toBe(true);
    });
  });

  describe("members seen from the users' groups (RFC 7643 §4.1.2)", () => {
    it("a member add, remove and replace on the group show in each user's read-only groups", async () => {
      // RFC 7643 §4.1.2: "groups": "A list of groups to which the user belongs [...] group membership changes MUST
      // be applied via the "Group Resource"". The User schema gives it "returned": "default" (RFC 7643 §8.7.1), so
      // a GET of a member shows it (§2.4).
      const [a, b, c] = await Promise.all([newUser(), newUser(), newUser()]);
      const group = await newGroup();
      const groupsOf = async (user: Json): Promise<string[]> =>
        groupIds(await read(directory, '/Users', user.id));

      await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: a.id }, { value: b.id }],
      });
      expect([await groupsOf(a), await groupsOf(b), await groupsOf(c)]).toEqual([[group.id], [group.id], []]);

      await patchOk(directory, '/Groups', group.id, { op: 'remove', path: `members[value eq "${a.id}"]` });
      expect([await groupsOf(a), await groupsOf(b), await groupsOf(c)]).toEqual([[], [group.id], []]);

      await patchOk(directory, '/Groups', group.id, {
        op: 'replace',
        path: 'members',
        value: [{ value: c.id }],
      });
      expect([await groupsOf(a), await groupsOf(b), await groupsOf(c)]).toEqual([[], [], [group.id]]);

      await patchOk(directory, '/Groups', group.id, { op: 'replace', path: 'members', value: [] });
      expect(await groupsOf(c)).toEqual([]);
    });
  });

  describe('URN-qualified paths (§3.5.2, §3.10)', () => {
    it('sets, replaces and removes an enterprise extension attribute by its URN path (…:User:department)', async () => {
      const user = await newUser();
      const path = `${ENTERPRISE_URN}:department`;
      const added = await patchOk(directory, '/Users', user.id, { op: 'add', path, value: 'Sales' });
      expect(added[ENTERPRISE_URN]).toMatchObject({ department: 'Sales' });
      expect(added.schemas).toEqual(expect.arrayContaining([ENTERPRISE_URN]));
      const replaced = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path,
        value: 'Marketing',
      });
      expect(replaced[ENTERPRISE_URN]).toMatchObject({ department: 'Marketing' });
      const removed = await patchOk(directory, '/Users', user.id, { op: 'remove', path });
      expect(removed[ENTERPRISE_URN]?.department).toBeUndefined();
    });

    it('replaces a core sub-attribute by its URN-qualified path (…:core:2.0:User:name.familyName)', async () => {
      const user = await newUser();
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: `${USER_URN}:name.familyName`,
        value: 'Jensen-Smith',
      });
      expect(after.name).toMatchObject({ familyName: 'Jensen-Smith', givenName: 'Barbara' });
    });

    it('sets the enterprise manager, as an object and by manager.value', async () => {
      const [user, boss, otherBoss] = await Promise.all([newUser(), newUser(), newUser()]);
      const asObject = await patchOk(directory, '/Users', user.id, {
        op: 'add',
        path: `${ENTERPRISE_URN}:manager`,
        value: { value: boss.id },
      });
      expect(asObject[ENTERPRISE_URN]?.manager).toMatchObject({ value: boss.id });
      const bySubAttribute = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: `${ENTERPRISE_URN}:manager.value`,
        value: otherBoss.id,
      });
      expect(bySubAttribute[ENTERPRISE_URN]?.manager).toMatchObject({ value: otherBoss.id });
    });

    it('replaces the whole extension by its URN path', async () => {
      const user = await newUser({ [ENTERPRISE_URN]: { department: 'Sales' } });
      const after = await patchOk(directory, '/Users', user.id, {
        op: 'replace',
        path: ENTERPRISE_URN,
        value: { costCenter: '4130' },
      });
      expect(after[ENTERPRISE_URN]).toMatchObject({ costCenter: '4130' });
    });
  });

  describe('operation names (§3.5.2)', () => {
    // "op" values are "add", "remove" and "replace"; identity providers send them capitalised (Entra ID: "Add",
    // "Replace"), and SCIM keywords are case-insensitive (RFC 7643 §2.1: attribute names, RFC 7644 §3.4.2.2:
    // operators). Accepting any case is what interoperates.
    it.each([
      ['Add', 'add'],
      ['ADD', 'add'],
      ['Replace', 'replace'],
      ['REPLACE', 'replace'],
      ['Remove', 'remove'],
      ['rEmOvE', 'remove'],
    ])('accepts "%s"', async (op, meaning) => {
      const user = await newUser({ title: 'Engineer' });
      const after = await patchOk(
        directory,
        '/Users',
        user.id,
        meaning === 'remove' ? { op, path: 'title' } : { op, path: 'title', value: 'Manager' },
      );
      if (meaning === 'remove') expect(after).not.toHaveProperty('title');
      else expect(after.title).toBe('Manager');
    });
  });

  describe('atomicity (§3.5.2)', () => {
    // §3.5.2: "A PATCH request, regardless of the number of operations, SHALL be treated as atomic. If a single
    // operation encounters an error condition, the original target resource MUST be restored, and a failure
    // status SHALL be returned."
    it.each([
      ['an invalid path', { op: 'replace', path: 'emails[type eq "work"', value: 'x' }, 'invalidPath'],
      ['a read-only attribute', { op: 'replace', path: 'id', value: 'other-id' }, 'mutability'],
      ['a value of the wrong type', { op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
      ['removing userName', { op: 'remove', path: 'userName' }, 'mutability'],
      [
        'a filter matching nothing',
        { op: 'replace', path: 'emails[type eq "other"].value', value: 'x' },
        'noTarget',
      ],
    ])('when the third operation has %s, answers 400 and applies none', async (_, failing, scimType) => {
      const user = await newUser({ title: 'Engineer' });
      const answer = await patch(
        directory,
        '/Users',
        user.id,
        { op: 'replace', path: 'title', value: 'Manager' },
        { op: 'add', path: 'nickName', value: 'Babs' },
        failing,
      );
      expectScimError(answer, 400, scimType);
      const after = await read(directory, '/Users', user.id);
      expect(after.title).toBe('Engineer');
      expect(after).not.toHaveProperty('nickName');
      expect(after.meta.version).toBe(user.meta.version);
    });

    it("a failing operation after a member add leaves the group's members unchanged", async () => {
      const [a, b] = await Promise.all([newUser(), newUser()]);
      const group = await newGroup([a.id]);
      const answer = await patch(
        directory,
        '/Groups',
        group.id,
        { op: 'add', path: 'members', value: [{ value: b.id }] },
        { op: 'remove', path: `members[value eq "${a.id}"]` },
        { op: 'replace', path: 'displayName', value: 42 },
      );
      expectScimError(answer, 400, 'invalidValue');
      expect(memberIds(await read(directory, '/Groups', group.id))).toEqual([a.id]);
      expect(groupIds(await read(directory, '/Users', b.id))).toEqual([]);
    });
  });

  describe('errors (§3.5.2, §3.12)', () => {
    let user: Json;

    beforeAll(async () => {
      user = await newUser({ title: 'Engineer', active: true });
    });

    afterEach(async () => {
      // No refused request may have changed the user.
      const after = await read(directory, '/Users', user.id);
      const expected = user;
      // a changed user is replaced, so that one failure does not fail the tests after it
      if (after.meta.version !== expected.meta.version)
        user = await newUser({ title: 'Engineer', active: true });
      expect(after).toMatchObject({ userName: expected.userName, title: 'Engineer', active: true });
      expect(after.meta.version).toBe(expected.meta.version);
    });

    it.each([
      ['an unclosed filter', 'emails[type eq "work"'],
      ['a stray bracket', 'emails]'],
      ['an empty segment', 'name..givenName'],
      ['a quoted name', '"title"'],
    ])('a path with %s answers 400 invalidPath', async (_, path) => {
      // §3.12 invalidPath: "The "path" attribute was invalid or malformed".
      expectScimError(
        await patch(directory, '/Users', user.id, { op: 'replace', path, value: 'x' }),
        400,
        'invalidPath',
      );
    });

    it('a path with a malformed filter expression answers 400 invalidPath or invalidFilter', async () => {
      // The filter inside a valuePath follows §3.4.2.2: its syntax error may be reported as either.
      const answer = await patch(directory, '/Users', user.id, {
        op: 'replace',
        path: 'emails[type zz "work"].value',
        value: 'x',
      });
      expectScimError(answer, 400);
      expect(['invalidPath', 'invalidFilter']).toContain(answer.body.scimType);
    });

    it.each([
      ['add', 'favouriteColour'],
      ['replace', 'favouriteColour'],
      ['remove', 'favouriteColour'],
      ['replace', 'name.nickname'],
      ['replace', 'emails[type eq "work"].colour'],
      ['replace', `${ENTERPRISE_URN}:shoeSize`],
    ])(
      '%s of an attribute the schema does not define (%s) answers 400 invalidPath or noTarget',
      async (op, path) => {
        // §3.12: invalidPath when the "path" is invalid, noTarget when it "did not yield an attribute [...] that
        // could be operated on". Either names this fault.
        const answer = await patch(directory, '/Users', user.id, { op, path, value: 'blue' });
        expectScimError(answer, 400);
        expect(['invalidPath', 'noTarget']).toContain(answer.body.scimType);
      },
    );

    it.each([
      ['active: "maybe"', { op: 'replace', path: 'active', value: 'maybe' }],
      ['active: 1', { op: 'replace', value: { active: 1 } }],
      ['userName: 5', { op: 'replace', path: 'userName', value: 5 }],
      ['title: an object', { op: 'replace', path: 'title', value: { text: 'Boss' } }],
      ['name: a string', { op: 'replace', path: 'name', value: 'Babs Jensen' }],
      ['emails[…].primary: "yes"', { op: 'replace', path: 'emails[type eq "work"].primary', value: 'yes' }],
    ])('a value of the wrong type (%s) answers 400 invalidValue', async (_, operation) => {
      // RFC 7643 §2.3.2: a boolean is the JSON literal true or false; §2.3.1 a string is a JSON string.
      // §3.12 invalidValue: "the value specified was not compatible with the operation or attribute type".
      expectScimError(await patch(directory, '/Users', user.id, operation), 400, 'invalidValue');
    });

    it.each([
      ['replace id', { op: 'replace', path: 'id', value: 'another-id' }],
      ['replace meta.created', { op: 'replace', path: 'meta.created', value: '2001-01-01T00:00:00Z' }],
      ['add groups', { op: 'add', path: 'groups', value: [{ value: 'some-group-id' }] }],
      ['replace id without a path', { op: 'replace', value: { id: 'another-id' } }],
    ])('%s (read-only) answers 400 mutability', async (_, operation) => {
      // §3.5.2: "a client MUST NOT modify an attribute that has mutability "readOnly" [...] An operation that is
      // not compatible with an attribute's mutability [...] SHALL return [...] a JSON detail error response".
      // §3.12 mutability: "The attempted modification is not compatible with the target attribute's mutability".
      expectScimError(await patch(directory, '/Users', user.id, operation), 400, 'mutability');
    });

    it("adding to a user's read-only groups does not make it a member", async () => {
      const group = await newGroup();
      const answer = await patch(directory, '/Users', user.id, {
        op: 'add',
        path: 'groups',
        value: [{ value: group.id }],
      });
      expectScimError(answer, 400, 'mutability');
      expect(memberIds(await read(directory, '/Groups', group.id))).toEqual([]);
    });

    it.each([
      ['no Operations', { schemas: [PATCH_URN] }],
      [
        'Operations not an array',
        { schemas: [PATCH_URN], Operations: { op: 'replace', path: 'title', value: 'x' } },
      ],
      ['an empty Operations', { schemas: [PATCH_URN], Operations: [] }],
      [
        'the schemas of another message',
        { schemas: [USER_URN], Operations: [{ op: 'replace', path: 'title', value: 'x' }] },
      ],
      ['an operation without "op"', { schemas: [PATCH_URN], Operations: [{ path: 'title', value: 'x' }] }],
      ['an operation that is not an object', { schemas: [PATCH_URN], Operations: ['replace title'] }],
    ])('a body with %s answers 400 invalidSyntax', async (_, body) => {
      // §3.5.2: the body "MUST contain the "schemas" attribute with the URI value of
      // "urn:ietf:params:scim:api:messages:2.0:PatchOp"" and "the attribute "Operations", whose value is an array of
      // one or more PATCH operations". §3.12 invalidSyntax: "The request body message structure was invalid".
      expectScimError(await directory.request('PATCH', `/Users/${user.id}`, { body }), 400, 'invalidSyntax');
    });

    it('an unknown operation ("merge") answers 400', async () => {
      // §3.5.2: "op" is one of "add", "remove" or "replace".
      const answer = await patch(directory, '/Users', user.id, {
        op: 'merge',
        path: 'title',
        value: 'Manager',
      });
      expectScimError(answer, 400);
    });

    it.each(['add', 'replace'])('%s without a "value" answers 400', async (op) => {
      // §3.5.2.1: "The operation MUST contain a "value" member whose content specifies the value to be added."
      // §3.5.2.3: "The operation MUST contain a "value" member whose content specifies the replacement value(s)."
      // It is not a remove: the attribute stays.
      expectScimError(await patch(directory, '/Users', user.id, { op, path: 'title' }), 400);
    });

    it('a PATCH of an unknown id answers 404', async () => {
      for (const endpoint of ['/Users', '/Groups'] as const) {
        const answer = await patch(directory, endpoint, '2819c223-7f76-453a-919d-000000000000', {
          op: 'replace',
          path: 'displayName',
          value: 'x',
        });
        // §3.12: 404 "Specified resource (e.g., User) or endpoint does not exist".
        expectScimError(answer, 404);
      }
    });
  });

  describe('versions (§3.14, RFC 7643 §3.1 meta)', () => {
    it('a changing PATCH gives a new meta.version and ETag and advances meta.lastModified', async () => {
      const user = await newUser();
      const before = await directory.request('GET', `/Users/${user.id}`);
      expectStatus(before, 200);
      await pause(20);
      const answer = await patch(directory, '/Users', user.id, {
        op: 'replace',
        path: 'title',
        value: 'Manager',
      });
      const after = await expectPatched(directory, answer, '/Users', user.id);
      expect(after.meta.version).not.toBe(before.body.meta.version);
      expect(Date.parse(after.meta.lastModified)).toBeGreaterThan(Date.parse(before.body.meta.lastModified));
      expect(after.meta.created).toBe(before.body.meta.created);
      // §3.14: the ETag header carries the version of the resource returned.
      const get = await directory.request('GET', `/Users/${user.id}`);
      expect(get.headers.get('etag')).toBe(after.meta.version);
      expect(get.headers.get('etag')).not.toBe(before.headers.get('etag'));
      if (answer.status === 200) expect(answer.headers.get('etag')).toBe(after.meta.version);
    });

    it('a changing group PATCH gives the group a new version', async () => {
      const member = await newUser();
      const group = await newGroup();
      const after = await patchOk(directory, '/Groups', group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: member.id }],
      });
      expect(after.meta.version).not.toBe(group.meta.version);
      expect(Date.parse(after.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(group.meta.lastModified));
    });

    it('If-Match with the current version applies; with a stale one answers 412 and applies nothing', async () => {
      const user = await newUser({ title: 'Engineer' });
      const stale = user.meta.version;
      const first = await directory.request('PATCH', `/Users/${user.id}`, {
        body: patchRequest({ op: 'replace', path: 'title', value: 'Manager' }),
        headers: { 'If-Match': stale },
      });
      const current = await expectPatched(directory, first, '/Users', user.id);
      expect(current.title).toBe('Manager');

      // §3.14: "If-Match [...] If the version does not match, the service provider returns HTTP 412".
      const second = await directory.request('PATCH', `/Users/${user.id}`, {
        body: patchRequest({ op: 'replace', path: 'title', value: 'Director' }),
        headers: { 'If-Match': stale },
      });
      expectScimError(second, 412);
      const after = await read(directory, '/Users', user.id);
      expect(after.title).toBe('Manager');
      expect(after.meta.version).toBe(current.meta.version);
    });
  });

  describe('provider profiles and strict booleans (RFC 7643 §2.3.2)', () => {
    it('refuses a value that is no boolean for active with 400 invalidValue', async () => {
      // RFC 7643 §2.3.2: a boolean is the JSON literal true or false. RFC 7644 §3.5.2: "An operation that is not
      // compatible with an attribute's mutability or schema SHALL return the appropriate HTTP response status
      // code and a JSON detail error response"; §3.12 invalidValue. (The strings "True" and "False" are read as
      // booleans on every directory: Entra ID sends them, and they cannot mean anything else.)
      const strictUser = await newUser({ active: true });
      for (const value of ['maybe', 1])
        expectScimError(
          await patch(directory, '/Users', strictUser.id, { op: 'Replace', path: 'active', value }),
          400,
          'invalidValue',
        );
      expect((await read(directory, '/Users', strictUser.id)).active).toBe(true);
    });

    it('an entra-id directory reads the string "False" for active as false, as Entra ID sends it', async () => {
      const entra = await newDirectory(target(), 'entra-id');
      const entraUser = await createUser(entra, userResource(uniqueUserName('entra'), { active: true }));
      const after = await patchOk(entra, '/Users', entraUser.id, {
        op: 'Replace',
        path: 'active',
        value: 'False',
      });
      expect(after.active).toBe(false);
    });
  });
}
