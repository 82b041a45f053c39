import { randomUUID } from 'node:crypto';
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
  SCIM_JSON,
  uniqueUserName,
  USER_URN,
  userResource,
  type ConformanceDirectory,
  type ConformanceTarget,
  type Json,
  type ScimAnswer,
} from './conformance-client';

/** An entity-tag as RFC 7232 §2.3 writes it: optionally weak, always quoted. */
const ENTITY_TAG = /^(W\/)?"[^"]*"$/;
/** An xsd:dateTime with a date, a time and a time zone (RFC 7643 §2.3.5). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** RFC 7643 §2.5: unassigned, null and (multi-valued) [] are the same state. */
function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** The path a resource of `endpoint` with `id` has under the directory's SCIM base. */
function resourcePath(directory: ConformanceDirectory, endpoint: 'Users' | 'Groups', id: string): string {
  return `${new URL(directory.endpointUrl).pathname.replace(/\/+$/, '')}/${endpoint}/${id}`;
}

/** Expects `uri` to be the URI of the resource: the directory's SCIM base, then /{endpoint}/{id}. */
function expectResourceUri(
  uri: unknown,
  directory: ConformanceDirectory,
  endpoint: 'Users' | 'Groups',
  id: string,
): void {
  expect(typeof uri).toBe('string');
  expect(new URL(uri as string, directory.endpointUrl).pathname).toBe(resourcePath(directory, endpoint, id));
}

function expectDateTime(value: unknown): void {
  expect(value).toMatch(DATE_TIME);
  expect(Number.isNaN(Date.parse(value as string))).toBe(false);
}

/** Expects the same multi-valued values, in any order (multi-valued attributes are unordered, RFC 7643 §2.4). */
function expectSameValues(actual: unknown, expected: Json[]): void {
  expect(Array.isArray(actual)).toBe(true);
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining(expected.map((value) => expect.objectContaining(value))));
}

/** The `value`s of a multi-valued attribute (members, groups), sorted. */
function valuesOf(values: unknown): string[] {
  return ((values as Json[] | undefined) ?? []).map((value) => value.value).sort();
}

/** The user's readOnly `groups` entry for `groupId`, if any. */
function groupEntry(user: Json, groupId: string): Json {
  return ((user.groups as Json[] | undefined) ?? []).find((group) => group.value === groupId);
}

async function get(directory: ConformanceDirectory, endpoint: 'Users' | 'Groups', id: string): Promise<Json> {
  const answer = await directory.request('GET', `/${endpoint}/${id}`);
  expectStatus(answer, 200);
  return answer.body;
}

/** Expects a created or replaced resource's answer: its ETag header is meta.version (RFC 7643 §3.1). */
function expectVersionHeader(answer: ScimAnswer): void {
  expect(answer.headers.get('content-type') ?? '').toContain(SCIM_JSON);
  expect(answer.body.meta.version).toMatch(ENTITY_TAG);
  expect(answer.headers.get('etag')).toBe(answer.body.meta.version);
}

/** A User with every core attribute of RFC 7643 §4.1 and the enterprise extension of §4.3 (values after §8.2). */
function fullUser(userName: string, managerId: string): Json {
  return userResource(userName, {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: `ext-${userName}`,
    name: {
      formatted: 'Ms. Barbara J Jensen, III',
      familyName: 'Jensen',
      givenName: 'Barbara',
      middleName: 'Jane',
      honorificPrefix: 'Ms.',
      honorificSuffix: 'III',
    },
    displayName: 'Babs Jensen',
    nickName: 'Babs',
    profileUrl: 'https://login.example.com/bjensen',
    title: 'Tour Guide',
    userType: 'Employee',
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    phoneNumbers: [
      { value: '+1-555-555-8377', type: 'work', primary: true },
      { value: '+1-555-555-4444', type: 'mobile' },
    ],
    addresses: [
      {
        type: 'work',
        streetAddress: '100 Universal City Plaza',
        locality: 'Hollywood',
        region: 'CA',
        postalCode: '91608',
        country: 'US',
        formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
        primary: true,
      },
      {
        type: 'home',
        streetAddress: '456 Hollywood Blvd',
        locality: 'Hollywood',
        region: 'CA',
        postalCode: '91608',
        country: 'US',
      },
    ],
    ims: [{ value: 'someaimhandle', type: 'aim' }],
    photos: [
      { value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' },
      { value: 'https://photos.example.com/profilephoto/72930000000Ccne/T', type: 'thumbnail' },
    ],
    entitlements: [{ value: 'premium-support', display: 'Premium support', type: 'support', primary: true }],
    roles: [{ value: 'tour-guide', display: 'Tour guide', type: 'staff', primary: true }],
    x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
    [ENTERPRISE_URN]: {
      employeeNumber: '701984',
      costCenter: '4130',
      organization: 'Universal Studios',
      division: 'Theme Park',
      department: 'Tour Operations',
      manager: { value: managerId },
    },
  });
}

const MULTI_VALUED = [
  'emails',
  'phoneNumbers',
  'addresses',
  'ims',
  'photos',
  'entitlements',
  'roles',
  'x509Certificates',
] as const;

/** Expects `user` to hold every value of `sent` (a `fullUser`), as sent. */
function expectFullUser(user: Json, sent: Json, directory: ConformanceDirectory, manager: Json): void {
  expect(user.schemas).toEqual(expect.arrayContaining([USER_URN, ENTERPRISE_URN]));
  const { schemas: _schemas, password: _password, name, [ENTERPRISE_URN]: enterprise, ...simple } = sent;
  for (const attribute of MULTI_VALUED) {
    expectSameValues(user[attribute], simple[attribute]);
    delete simple[attribute];
  }
  expect(user).toMatchObject(simple);
  expect(user.name).toMatchObject(name);
  const { manager: sentManager, ...enterpriseSimple } = enterprise;
  expect(user[ENTERPRISE_URN]).toMatchObject(enterpriseSimple);
  const returnedManager = user[ENTERPRISE_URN].manager;
  expect(returnedManager.value).toBe(sentManager.value);
  // RFC 7643 §4.3: manager.$ref is the URI of the manager's User; manager.displayName (readOnly) is theirs.
  if (returnedManager.$ref !== undefined)
    expectResourceUri(returnedManager.$ref, directory, 'Users', manager.id);
  if (returnedManager.displayName !== undefined)
    expect(returnedManager.displayName).toBe(manager.displayName);
}

/**
 * Users and Groups: create (RFC 7644 §3.3), retrieve by id (§3.4.1), list basics (§3.4.2), replace (§3.5.1),
 * delete (§3.6), with the common attributes (RFC 7643 §3), the User, enterprise User and Group schemas (§4) and
 * the attribute characteristics (§2) they carry.
 */
export function resourcesConformance(target: () => ConformanceTarget): void {
  let directory: ConformanceDirectory;

  beforeAll(async () => {
    directory = await newDirectory(target());
  });

  describe('create (RFC 7644 §3.3)', () => {
    it('creates a User: 201, server-assigned id, Location = meta.location, ETag = meta.version, schemas and meta', async () => {
      const userName = uniqueUserName('create');
      const before = Date.now();
      // id and meta are readOnly: "In the request body, attributes whose mutability is "readOnly" … SHALL be
      // ignored" (RFC 7644 §3.3); the "id" "is always issued by the service provider and MUST NOT be specified by
      // the client" (RFC 7643 §3.1).
      const answer = await directory.request('POST', '/Users', {
        body: userResource(userName, {
          id: 'client-chosen-id',
          meta: {
            resourceType: 'Group',
            created: '2000-01-01T00:00:00Z',
            lastModified: '2000-01-01T00:00:00Z',
            location: 'https://elsewhere.example.com/Users/client-chosen-id',
            version: 'W/"client-chosen"',
          },
        }),
      });
      expectStatus(answer, 201);
      expect(answer.headers.get('content-type')).toContain(SCIM_JSON);
      const user = answer.body;
      expect(user.schemas).toEqual([USER_URN]);
      expect(user.userName).toBe(userName);
      expect(typeof user.id).toBe('string');
      expect(user.id).not.toBe('');
      expect(user.id).not.toBe('client-chosen-id');
      // RFC 7643 §3.1: "bulkId" "is a reserved keyword and MUST NOT be used within any unique identifier value".
      expect(user.id).not.toBe('bulkId');

      expect(user.meta.resourceType).toBe('User');
      expectDateTime(user.meta.created);
      expectDateTime(user.meta.lastModified);
      // RFC 7643 §3.1: "If this resource has never been modified since its initial creation, the value
      // [lastModified] MUST be the same as the value of "created"."
      expect(Date.parse(user.meta.lastModified)).toBe(Date.parse(user.meta.created));
      // created is when the resource "was added to the service provider": now, not the client's 2000.
      expect(Math.abs(Date.parse(user.meta.created) - before)).toBeLessThan(3_600_000);
      // RFC 7644 §3.3: "The URI of the created resource SHALL include, in the HTTP "Location" header and the
      // HTTP body, … the attribute "meta.location"."
      expectResourceUri(user.meta.location, directory, 'Users', user.id);
      expect(answer.headers.get('location')).toBe(user.meta.location);
      // RFC 7643 §3.1 meta.version: "This value must be the same as the entity-tag (ETag) HTTP response header".
      expectVersionHeader(answer);
      expect(user.meta.version).not.toBe('W/"client-chosen"');

      // The client's id named nothing: a second create sending it again is another resource.
      const again = await createUser(
        directory,
        userResource(uniqueUserName('create'), { id: 'client-chosen-id' }),
      );
      expect(again.id).not.toBe(user.id);
      expect(again.id).not.toBe('client-chosen-id');
      expectScimError(await directory.request('GET', '/Users/client-chosen-id'), 404);
    });

    it('returns every core and enterprise User attribute it was sent, as sent (RFC 7643 §4.1, §4.3)', async () => {
      const manager = await createUser(
        directory,
        userResource(uniqueUserName('manager'), { displayName: 'Manny Manager' }),
      );
      const sent = fullUser(uniqueUserName('full'), manager.id);
      const answer = await directory.request('POST', '/Users', { body: sent });
      expectStatus(answer, 201);
      expectFullUser(answer.body, sent, directory, manager);
      // RFC 7643 §2.4: "The primary attribute value "true" MUST appear no more than once."
      for (const attribute of MULTI_VALUED)
        expect(
          (answer.body[attribute] as Json[]).filter((value) => value.primary === true).length,
        ).toBeLessThan(2);

      const read = await get(directory, 'Users', answer.body.id);
      expectFullUser(read, sent, directory, manager);
    });

    it('keeps userName as sent, in its case (caseExact false compares, it does not rewrite)', async () => {
      const userName = `Mixed.Case-${uniqueUserName('case')}`;
      const user = await createUser(directory, userResource(userName));
      expect(user.userName).toBe(userName);
      expect((await get(directory, 'Users', user.id)).userName).toBe(userName);
    });

    it('reads attribute names case-insensitively (RFC 7643 §2.1)', async () => {
      const userName = uniqueUserName('names');
      // RFC 7643 §2.1: "Attribute names are case insensitive".
      const answer = await directory.request('POST', '/Users', {
        body: {
          schemas: [USER_URN],
          USERNAME: userName,
          DisplayName: 'Case Insensitive',
          NAME: { GivenName: 'Ada' },
        },
      });
      expectStatus(answer, 201);
      const read = await get(directory, 'Users', answer.body.id);
      const valueOf = (object: Json, name: string): Json =>
        object?.[Object.keys(object ?? {}).find((key) => key.toLowerCase() === name.toLowerCase()) ?? ''];
      expect(valueOf(read, 'userName')).toBe(userName);
      expect(valueOf(read, 'displayName')).toBe('Case Insensitive');
      expect(valueOf(valueOf(read, 'name'), 'givenName')).toBe('Ada');
    });

    it('accepts a password and never returns it: not on POST, GET, list, nor when asked for (returned "never")', async () => {
      const userName = uniqueUserName('password');
      // RFC 7643 §4.1.1 password: mutability "writeOnly", returned "never"; §2.2: "never … The attribute is
      // never returned", not even when the request's "attributes" names it.
      const answer = await directory.request('POST', '/Users', {
        body: userResource(userName, { password: 't1meMa$heen' }),
      });
      expectStatus(answer, 201);
      const id = answer.body.id;
      expect(answer.text).not.toContain('t1meMa$heen');
      expect(answer.body.password).toBeUndefined();

      const read = await directory.request('GET', `/Users/${id}`);
      expectStatus(read, 200);
      expect(read.body.password).toBeUndefined();
      expect(read.text).not.toContain('t1meMa$heen');

      const asked = await directory.request('GET', `/Users/${id}?attributes=password,userName`);
      expectStatus(asked, 200);
      expect(asked.body.password).toBeUndefined();
      expect(asked.text).not.toContain('t1meMa$heen');

      const list = await directory.request('GET', '/Users');
      expectStatus(list, 200);
      expect(list.text).not.toContain('t1meMa$heen');
      for (const resource of list.body.Resources as Json[]) expect(resource.password).toBeUndefined();
    });

    it('refuses a User without userName, or whose attributes have the wrong type: 400 (RFC 7643 §2.3, §4.1.1)', async () => {
      // userName is "REQUIRED" (RFC 7643 §4.1.1); RFC 7644 §3.12 invalidValue: "A required value was missing,
      // or the value specified was not compatible with the operation or attribute type".
      const bodies: Json[] = [
        { schemas: [USER_URN], displayName: 'No userName' },
        userResource('', {}),
        userResource(uniqueUserName('types'), { active: 'yes' }),
        userResource(uniqueUserName('types'), { emails: 'not-a-list@example.com' }),
        { schemas: [USER_URN], userName: 12345 },
      ];
      for (const body of bodies) {
        const answer = await directory.request('POST', '/Users', { body });
        expectScimError(answer, 400);
        if (answer.body.scimType !== undefined)
          expect(['invalidValue', 'invalidSyntax']).toContain(answer.body.scimType);
      }
    });

    it('keeps at most one primary value in a multi-valued attribute (RFC 7643 §2.4)', async () => {
      // "The primary attribute value "true" MUST appear no more than once." A server may refuse the body, or
      // keep one primary; it may not return two.
      const answer = await directory.request('POST', '/Users', {
        body: userResource(uniqueUserName('primary'), {
          emails: [
            { value: 'one@example.com', type: 'work', primary: true },
            { value: 'two@example.com', type: 'home', primary: true },
          ],
        }),
      });
      if (answer.status === 400) {
        expectScimError(answer, 400);
        return;
      }
      expectStatus(answer, 201);
      const read = await get(directory, 'Users', answer.body.id);
      for (const user of [answer.body, read])
        expect((user.emails as Json[]).filter((email) => email.primary === true).length).toBeLessThan(2);
    });

    it('refuses a second User whose userName differs only in case: 409 uniqueness, in the same directory only', async () => {
      const userName = `Unique.${uniqueUserName('unique')}`;
      const first = await createUser(directory, userResource(userName));
      // RFC 7643 §4.1.1 userName: "MUST be unique across the service provider's entire set of Users", caseExact
      // false (§8.7.1); RFC 7644 §3.3: a duplicate "MUST return HTTP status code 409 (Conflict) with a
      // "scimType" error code of "uniqueness"".
      for (const duplicate of [userName, userName.toUpperCase(), userName.toLowerCase()])
        expectScimError(
          await directory.request('POST', '/Users', { body: userResource(duplicate) }),
          409,
          'uniqueness',
        );
      expect((await get(directory, 'Users', first.id)).userName).toBe(userName);

      // Another directory is another service provider's set of Users to its client.
      const other = await newDirectory(target());
      const there = await createUser(other, userResource(userName));
      expect(there.userName).toBe(userName);
      expect(there.id).not.toBe(first.id);
    });

    it('creates a Group with members: each carries the member id and, when given, its $ref, type and display (RFC 7643 §4.2)', async () => {
      const alice = await createUser(
        directory,
        userResource(uniqueUserName('alice'), { displayName: 'Alice A' }),
      );
      const bob = await createUser(directory, userResource(uniqueUserName('bob'), { displayName: 'Bob B' }));
      const displayName = `Group ${uniqueUserName('members')}`;
      const answer = await directory.request('POST', '/Groups', {
        body: groupResource(displayName, {
          externalId: `ext-${displayName}`,
          members: [{ value: alice.id }, { value: bob.id, type: 'User' }],
        }),
      });
      expectStatus(answer, 201);
      const group = answer.body;
      expect(group.schemas).toEqual([GROUP_URN]);
      expect(group.displayName).toBe(displayName);
      expect(group.externalId).toBe(`ext-${displayName}`);
      expect(group.meta.resourceType).toBe('Group');
      expectResourceUri(group.meta.location, directory, 'Groups', group.id);
      expect(answer.headers.get('location')).toBe(group.meta.location);
      expectVersionHeader(answer);
      expect(Date.parse(group.meta.lastModified)).toBe(Date.parse(group.meta.created));

      for (const representation of [group, await get(directory, 'Groups', group.id)]) {
        expect(valuesOf(representation.members)).toEqual([alice.id, bob.id].sort());
        for (const member of representation.members as Json[]) {
          const user = member.value === alice.id ? alice : bob;
          // §4.2: ""value" … contains the value of an "id" attribute of a SCIM resource, and the "$ref"
          // sub-attribute must be the URI of a SCIM resource such as a "User""; display is the member's name.
          if (member.$ref !== undefined) expectResourceUri(member.$ref, directory, 'Users', user.id);
          if (member.type !== undefined) expect(member.type).toBe('User');
          if (member.display !== undefined) expect(member.display).toBe(user.displayName);
        }
      }
    });

    it("lists a Group in its members' readOnly groups attribute, direct, and follows the Group's changes (RFC 7643 §4.1.2)", async () => {
      const [stays, leaves] = [
        await createUser(directory, userResource(uniqueUserName('member'))),
        await createUser(directory, userResource(uniqueUserName('member'))),
      ];
      const displayName = `Group ${uniqueUserName('direct')}`;
      const group = await createGroup(
        directory,
        groupResource(displayName, { members: [{ value: stays.id }, { value: leaves.id }] }),
      );
      // §4.1.2 groups: "A list of groups to which the user belongs, either through direct group membership,
      // through nested groups, or dynamically calculated"; "$ref" is the Group's URI, "display" its name, "type"
      // "direct" or "indirect".
      for (const user of [stays, leaves]) {
        const entry = groupEntry(await get(directory, 'Users', user.id), group.id);
        expect(entry).toBeDefined();
        if (entry.$ref !== undefined) expectResourceUri(entry.$ref, directory, 'Groups', group.id);
        if (entry.display !== undefined) expect(entry.display).toBe(displayName);
        if (entry.type !== undefined) expect(entry.type).toBe('direct');
      }

      expectStatus(
        await directory.request('PUT', `/Groups/${group.id}`, {
          body: groupResource(displayName, { members: [{ value: stays.id }] }),
        }),
        200,
      );
      expect(groupEntry(await get(directory, 'Users', stays.id), group.id)).toBeDefined();
      expect(groupEntry(await get(directory, 'Users', leaves.id), group.id)).toBeUndefined();

      expect((await directory.request('DELETE', `/Groups/${group.id}`)).status).toBe(204);
      expect(groupEntry(await get(directory, 'Users', stays.id), group.id)).toBeUndefined();
    });

    it('ignores groups sent on a User: membership is changed through the Group (readOnly, RFC 7644 §3.3)', async () => {
      const group = await createGroup(directory, groupResource(`Group ${uniqueUserName('readonly')}`));
      // RFC 7643 §4.1.2: groups is readOnly, "group membership changes MUST be applied via the "Group"
      // Resource"; RFC 7644 §3.3: readOnly attributes in the body "SHALL be ignored".
      const answer = await directory.request('POST', '/Users', {
        body: userResource(uniqueUserName('readonly'), {
          groups: [{ value: group.id, display: group.displayName }],
        }),
      });
      expectStatus(answer, 201);
      expect(groupEntry(answer.body, group.id)).toBeUndefined();
      expect(groupEntry(await get(directory, 'Users', answer.body.id), group.id)).toBeUndefined();
      expect(valuesOf((await get(directory, 'Groups', group.id)).members)).not.toContain(answer.body.id);
    });

    it("does not make a Group's member of what is not a resource of the directory: refused or left out", async () => {
      const other = await newDirectory(target());
      const stranger = await createUser(
        other,
        userResource(uniqueUserName('stranger'), { displayName: 'Stranger' }),
      );
      const local = await createUser(directory, userResource(uniqueUserName('local')));
      // "value" is "the value of an "id" attribute of a SCIM resource" (RFC 7643 §4.2): an id of no User or
      // Group of this directory names nothing here. The server may refuse it (400) or ignore it (§3.3 "the
      // server is free to alter and/or ignore POSTed content"), not hold it as a member.
      for (const foreign of [stranger.id, randomUUID()]) {
        const answer = await directory.request('POST', '/Groups', {
          body: groupResource(`Group ${uniqueUserName('foreign')}`, {
            members: [{ value: local.id }, { value: foreign }],
          }),
        });
        if (answer.status === 400) {
          expectScimError(answer, 400);
          continue;
        }
        expectStatus(answer, 201);
        expect(valuesOf(answer.body.members)).toEqual([local.id]);
        expect(valuesOf((await get(directory, 'Groups', answer.body.id)).members)).toEqual([local.id]);
      }
      // Nor did the other directory's User gain a group.
      expect(isUnassigned((await get(other, 'Users', stranger.id)).groups)).toBe(true);
    });

    it('refuses a Group without displayName: 400 (RFC 7643 §4.2 "REQUIRED")', async () => {
      const answer = await directory.request('POST', '/Groups', {
        body: { schemas: [GROUP_URN], members: [] },
      });
      expectScimError(answer, 400);
    });

    it('enforces Group displayName uniqueness as the Group schema declares it (RFC 7643 §7 uniqueness)', async () => {
      const schema = await directory.request('GET', `/Schemas/${GROUP_URN}`);
      expectStatus(schema, 200);
      const attribute = (schema.body.attributes as Json[]).find(
        (candidate) => candidate.name === 'displayName',
      );
      const displayName = `Group ${uniqueUserName('Dup')}`;
      await createGroup(directory, groupResource(displayName));
      // RFC 7643 §7 uniqueness "server": "The value SHOULD be unique within the context of the current SCIM
      // endpoint (or tenancy)", a duplicate answering 409 uniqueness (RFC 7644 §3.3, §3.12); "none" (what RFC
      // 7643 §8.7.1 declares for Group displayName): "The values are not intended to be unique in any way".
      const duplicates = attribute.caseExact ? [displayName] : [displayName, displayName.toUpperCase()];
      for (const duplicate of duplicates) {
        const answer = await directory.request('POST', '/Groups', { body: groupResource(duplicate) });
        if (attribute.uniqueness === 'server' || attribute.uniqueness === 'global')
          expectScimError(answer, 409, 'uniqueness');
        else expectStatus(answer, 201);
      }
      // Never across directories.
      await createGroup(await newDirectory(target()), groupResource(displayName));
    });

    it('accepts bodies as application/scim+json and application/json, and answers application/scim+json (RFC 7644 §3.8)', async () => {
      // RFC 7644 §3.8: JSON in and out; application/scim+json is SCIM's media type (§8.1), the one answers carry,
      // and a client sending plain application/json is sending the same JSON.
      for (const contentType of [
        SCIM_JSON,
        'application/json',
        'application/json; charset=utf-8',
        `${SCIM_JSON}; charset=utf-8`,
      ]) {
        const userName = uniqueUserName('content');
        const created = await directory.request('POST', '/Users', {
          body: userResource(userName),
          contentType,
        });
        expectStatus(created, 201);
        expect(created.headers.get('content-type')).toContain(SCIM_JSON);
        expect(created.body.userName).toBe(userName);

        const replaced = await directory.request('PUT', `/Users/${created.body.id}`, {
          body: userResource(userName, { displayName: contentType }),
          contentType,
        });
        expectStatus(replaced, 200);
        expect(replaced.headers.get('content-type')).toContain(SCIM_JSON);
        expect(replaced.body.displayName).toBe(contentType);

        const group = await directory.request('POST', '/Groups', {
          body: groupResource(`Group ${userName}`, { members: [{ value: created.body.id }] }),
          contentType,
        });
        expectStatus(group, 201);
        expect(group.headers.get('content-type')).toContain(SCIM_JSON);
      }
    });
  });

  describe('retrieve by id (RFC 7644 §3.4.1)', () => {
    it('answers GET /Users/{id} and /Groups/{id} with 200, the resource as created, its ETag', async () => {
      const user = await createUser(
        directory,
        userResource(uniqueUserName('get'), { displayName: 'Get Me' }),
      );
      const readUser = await directory.request('GET', `/Users/${user.id}`);
      expectStatus(readUser, 200);
      expect(readUser.headers.get('content-type')).toContain(SCIM_JSON);
      expect(readUser.headers.get('etag')).toBe(readUser.body.meta.version);
      expect(readUser.body).toEqual(user);

      const group = await createGroup(
        directory,
        groupResource(`Group ${uniqueUserName('get')}`, { members: [{ value: user.id }] }),
      );
      const readGroup = await directory.request('GET', `/Groups/${group.id}`);
      expectStatus(readGroup, 200);
      expect(readGroup.headers.get('content-type')).toContain(SCIM_JSON);
      expect(readGroup.headers.get('etag')).toBe(readGroup.body.meta.version);
      expect(readGroup.body).toEqual(group);
    });

    it('answers 404 with a SCIM error for an id that names nothing, UUID-shaped or not', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('missing')));
      const group = await createGroup(directory, groupResource(`Group ${uniqueUserName('missing')}`));
      // RFC 7644 §3.12: 404 "Specified resource (e.g., User) or endpoint does not exist". An id is an opaque
      // string (RFC 7643 §3.1): one the server would never issue is still just an unknown id, not a bad request.
      for (const id of [randomUUID(), 'not-a-uuid', '12345', encodeURIComponent('a b%')]) {
        expectScimError(await directory.request('GET', `/Users/${id}`), 404);
        expectScimError(await directory.request('GET', `/Groups/${id}`), 404);
      }
      // A User's id is not a Group's, nor the other way round.
      expectScimError(await directory.request('GET', `/Groups/${user.id}`), 404);
      expectScimError(await directory.request('GET', `/Users/${group.id}`), 404);
    });

    it("does not reach another directory's resources: GET, PUT and DELETE answer 404", async () => {
      const other = await newDirectory(target());
      const user = await createUser(other, userResource(uniqueUserName('elsewhere')));
      const group = await createGroup(other, groupResource(`Group ${uniqueUserName('elsewhere')}`));
      for (const [endpoint, resource, body] of [
        ['Users', user, userResource(user.userName, { displayName: 'Taken over' })],
        ['Groups', group, groupResource(group.displayName, { externalId: 'taken-over' })],
      ] as const) {
        expectScimError(await directory.request('GET', `/${endpoint}/${resource.id}`), 404);
        expectScimError(await directory.request('PUT', `/${endpoint}/${resource.id}`, { body }), 404);
        expectScimError(await directory.request('DELETE', `/${endpoint}/${resource.id}`), 404);
        expect(await get(other, endpoint, resource.id)).toEqual(resource);
      }
    });
  });

  describe('list without a filter (RFC 7644 §3.4.2)', () => {
    it('answers GET /Users and /Groups with a ListResponse of every resource of the directory', async () => {
      const own = await newDirectory(target());
      // RFC 7644 §3.4.2: "Resources" is "REQUIRED if "totalResults" is non-zero", so an empty list may omit it.
      const empty = await own.request('GET', '/Groups');
      expectStatus(empty, 200);
      expect(empty.body).toMatchObject({ schemas: [LIST_URN], totalResults: 0 });
      expect(empty.body.Resources ?? []).toEqual([]);

      const users = [
        await createUser(own, userResource(uniqueUserName('list'))),
        await createUser(own, userResource(uniqueUserName('list'), { displayName: 'Listed' })),
      ];
      const group = await createGroup(own, groupResource(`Group ${uniqueUserName('list')}`));
      for (const [endpoint, expected, urn] of [
        ['Users', users, USER_URN],
        ['Groups', [group], GROUP_URN],
      ] as const) {
        const answer = await own.request('GET', `/${endpoint}`);
        expectStatus(answer, 200);
        expect(answer.headers.get('content-type')).toContain(SCIM_JSON);
        const list = answer.body;
        expect(list.schemas).toEqual([LIST_URN]);
        expect(list.totalResults).toBe(expected.length);
        // startIndex and itemsPerPage are "REQUIRED when partial results are returned due to pagination";
        // when present they describe this page.
        if (list.startIndex !== undefined) expect(list.startIndex).toBe(1);
        if (list.itemsPerPage !== undefined) expect(list.itemsPerPage).toBe(list.Resources.length);
        expect(list.Resources).toHaveLength(expected.length);
        for (const resource of list.Resources as Json[]) {
          expect(resource.schemas).toContain(urn);
          // The same attributes as a GET by id: "returned" "always" or "default" (RFC 7644 §3.4).
          expect(resource).toEqual(await get(own, endpoint, resource.id));
        }
        expect((list.Resources as Json[]).map((resource) => resource.id).sort()).toEqual(
          expected.map((resource: Json) => resource.id).sort(),
        );
      }
    });
  });

  describe('replace (RFC 7644 §3.5.1)', () => {
    it('replaces a User: sent values replace, null and [] clear, omitted ones are not kept', async () => {
      const manager = await createUser(directory, userResource(uniqueUserName('manager')));
      const sent = fullUser(uniqueUserName('put'), manager.id);
      const user = await createUser(directory, sent);
      // RFC 7644 §3.5.1 readWrite: "Any values provided SHALL replace the existing attribute values"; omitted
      // ones: "the service provider MAY assume that any existing values are to be cleared, or … MAY assign a
      // default value" (so the old value is not kept); "Clients that want to override a server's defaults MAY
      // specify "null" for a single-valued attribute, or an empty array "[]" for a multi-valued attribute, to
      // clear all values."
      const answer = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(sent.userName, {
          displayName: 'Barbara Replaced',
          name: { givenName: 'Barbara' },
          emails: [{ value: 'replaced@example.com', type: 'other' }],
          title: null,
          phoneNumbers: [],
          addresses: null,
          active: false,
        }),
      });
      expectStatus(answer, 200);
      for (const replaced of [answer.body, await get(directory, 'Users', user.id)]) {
        expect(replaced.id).toBe(user.id);
        expect(replaced.userName).toBe(sent.userName);
        expect(replaced.displayName).toBe('Barbara Replaced');
        expect(replaced.active).toBe(false);
        // A complex attribute is replaced whole: its sub-attributes not sent go too.
        expect(replaced.name.givenName).toBe('Barbara');
        expect(replaced.name.familyName).not.toBe('Jensen');
        expectSameValues(replaced.emails, [{ value: 'replaced@example.com', type: 'other' }]);
        for (const cleared of ['title', 'phoneNumbers', 'addresses'])
          expect(isUnassigned(replaced[cleared])).toBe(true);
        expect(replaced.nickName).not.toBe('Babs');
        expect(replaced.profileUrl).not.toBe(sent.profileUrl);
        expect(replaced.externalId).not.toBe(sent.externalId);
        expect(replaced.roles ?? []).not.toEqual(
          expect.arrayContaining([expect.objectContaining({ value: 'tour-guide' })]),
        );
        expect(replaced[ENTERPRISE_URN]?.employeeNumber).not.toBe('701984');
        expect(replaced[ENTERPRISE_URN]?.manager?.value).not.toBe(manager.id);
      }
    });

    it('replaces a User with every attribute, enterprise extension included, and returns what it was sent', async () => {
      const manager = await createUser(
        directory,
        userResource(uniqueUserName('manager'), { displayName: 'M' }),
      );
      const user = await createUser(directory, userResource(uniqueUserName('put-full')));
      const sent = fullUser(user.userName, manager.id);
      const answer = await directory.request('PUT', `/Users/${user.id}`, { body: sent });
      expectStatus(answer, 200);
      expectFullUser(answer.body, sent, directory, manager);
      expectFullUser(await get(directory, 'Users', user.id), sent, directory, manager);
    });

    it('keeps id and created, advances lastModified, changes the version (ETag = meta.version)', async () => {
      const user = await createUser(
        directory,
        userResource(uniqueUserName('meta'), { displayName: 'Before' }),
      );
      // Leave a second: a dateTime may be written to the second.
      await sleep(1_100);
      const answer = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(user.userName, { displayName: 'After' }),
      });
      expectStatus(answer, 200);
      expectVersionHeader(answer);
      const replaced = answer.body;
      expect(replaced.id).toBe(user.id);
      expect(replaced.meta.resourceType).toBe('User');
      expect(replaced.meta.location).toBe(user.meta.location);
      expect(Date.parse(replaced.meta.created)).toBe(Date.parse(user.meta.created));
      expectDateTime(replaced.meta.lastModified);
      // RFC 7643 §3.1 lastModified: "The most recent DateTime that the details of this resource were updated".
      expect(Date.parse(replaced.meta.lastModified)).toBeGreaterThan(Date.parse(user.meta.lastModified));
      // RFC 7644 §3.14: the version identifies a state of the resource; a new state has a new one.
      expect(replaced.meta.version).not.toBe(user.meta.version);

      const read = await directory.request('GET', `/Users/${user.id}`);
      expectStatus(read, 200);
      expect(read.body).toEqual(replaced);
      expect(read.headers.get('etag')).toBe(replaced.meta.version);
    });

    it("ignores readOnly values sent in a User's PUT: meta, and groups (membership stays the Group's)", async () => {
      const user = await createUser(directory, userResource(uniqueUserName('ro')));
      const group = await createGroup(
        directory,
        groupResource(`Group ${uniqueUserName('ro')}`, { members: [{ value: user.id }] }),
      );
      const other = await createGroup(directory, groupResource(`Group ${uniqueUserName('ro-other')}`));
      // RFC 7644 §3.5.1 readOnly: "Any values provided SHALL be ignored."
      for (const groups of [[], [{ value: other.id }], undefined]) {
        const answer = await directory.request('PUT', `/Users/${user.id}`, {
          body: userResource(user.userName, {
            id: user.id,
            meta: { ...user.meta, created: '2000-01-01T00:00:00Z', resourceType: 'Group' },
            ...(groups === undefined ? {} : { groups }),
          }),
        });
        expectStatus(answer, 200);
        expect(answer.body.meta.resourceType).toBe('User');
        expect(Date.parse(answer.body.meta.created)).toBe(Date.parse(user.meta.created));
        // Membership is the Group's (RFC 7643 §4.1.2): a User's PUT neither removes it nor adds one.
        for (const read of [answer.body, await get(directory, 'Users', user.id)])
          expect(valuesOf(read.groups)).toEqual([group.id]);
        expect(valuesOf((await get(directory, 'Groups', group.id)).members)).toEqual([user.id]);
        expect(valuesOf((await get(directory, 'Groups', other.id)).members)).toEqual([]);
      }
    });

    it('never lets an id in the body redirect a PUT: the resource the URL names is the one replaced, or none', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('id')));
      const bystander = await createUser(directory, userResource(uniqueUserName('bystander')));
      // RFC 7643 §3.1 id is readOnly; RFC 7644 §3.5.1 readOnly: "Any values provided SHALL be ignored". scimflow
      // tolerates an id in the body only when it is the URL's and refuses another with 400 mutability, so that
      // a client confused about which resource it replaces changes nothing; either answer is accepted here.
      const answer = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(user.userName, { id: bystander.id, displayName: 'Renamed' }),
      });
      if (answer.status === 400) {
        expectScimError(answer, 400, 'mutability');
        expect((await get(directory, 'Users', user.id)).displayName).toBeUndefined();
      } else {
        expectStatus(answer, 200);
        expect(answer.body.id).toBe(user.id);
        expect((await get(directory, 'Users', user.id)).displayName).toBe('Renamed');
      }
      expect((await get(directory, 'Users', bystander.id)).displayName).toBeUndefined();
    });

    it('accepts a password on PUT and never returns it', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('put-password')));
      const answer = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(user.userName, { password: 'n3wPa$$word!' }),
      });
      expectStatus(answer, 200);
      expect(answer.body.password).toBeUndefined();
      expect(answer.text).not.toContain('n3wPa$$word!');
      const read = await directory.request('GET', `/Users/${user.id}`);
      expect(read.body.password).toBeUndefined();
      expect(read.text).not.toContain('n3wPa$$word!');
    });

    it('changes userName: in case alone it is the same User, onto another User’s it is a 409 uniqueness', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('rename')));
      const taken = await createUser(directory, userResource(uniqueUserName('taken')));
      // Its own userName, recased, conflicts with nothing but itself.
      const recased = await directory.request('PUT', `/Users/${user.id}`, {
        body: userResource(user.userName.toUpperCase()),
      });
      expectStatus(recased, 200);
      expect(recased.body.userName).toBe(user.userName.toUpperCase());
      // RFC 7644 §3.12 uniqueness: "One or more of the attribute values are already in use or are reserved"
      // (POST, PUT, PATCH).
      for (const duplicate of [taken.userName, taken.userName.toUpperCase()])
        expectScimError(
          await directory.request('PUT', `/Users/${user.id}`, { body: userResource(duplicate) }),
          409,
          'uniqueness',
        );
      expect((await get(directory, 'Users', user.id)).userName).toBe(user.userName.toUpperCase());
    });

    it('refuses a PUT without the required userName: 400, and the User is unchanged', async () => {
      const user = await createUser(
        directory,
        userResource(uniqueUserName('required'), { displayName: 'Kept' }),
      );
      // RFC 7644 §3.5.1: "If an attribute is "required", clients MUST specify the attribute in the PUT request."
      // (RFC 7644 §3.12 invalidValue: "A required value was missing".)
      const answer = await directory.request('PUT', `/Users/${user.id}`, {
        body: { schemas: [USER_URN], displayName: 'Lost' },
      });
      expectScimError(answer, 400);
      expect(await get(directory, 'Users', user.id)).toEqual(user);
    });

    it('does not create with PUT: an unknown id answers 404 (RFC 7644 §3.5.1)', async () => {
      // Resource identifiers are assigned by the service provider: "HTTP PUT MUST NOT be used to create new
      // resources."
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const userName = uniqueUserName('put-create');
        expectScimError(
          await directory.request('PUT', `/Users/${id}`, { body: userResource(userName) }),
          404,
        );
        expectScimError(
          await directory.request('PUT', `/Groups/${id}`, { body: groupResource(`Group ${userName}`) }),
          404,
        );
        // And nothing came of it: the userName is free.
        await createUser(directory, userResource(userName));
      }
    });

    it("replaces a Group's membership with the members sent, and [] empties it", async () => {
      const [u1, u2, u3] = [
        await createUser(directory, userResource(uniqueUserName('m1'))),
        await createUser(directory, userResource(uniqueUserName('m2'))),
        await createUser(directory, userResource(uniqueUserName('m3'))),
      ];
      const group = await createGroup(
        directory,
        groupResource(`Group ${uniqueUserName('put-members')}`, {
          members: [{ value: u1.id }, { value: u2.id }],
        }),
      );
      await sleep(5);
      const renamed = `Group ${uniqueUserName('put-members-renamed')}`;
      const answer = await directory.request('PUT', `/Groups/${group.id}`, {
        body: groupResource(renamed, { members: [{ value: u2.id }, { value: u3.id }] }),
      });
      expectStatus(answer, 200);
      expectVersionHeader(answer);
      expect(answer.body.id).toBe(group.id);
      expect(answer.body.displayName).toBe(renamed);
      expect(answer.body.meta.version).not.toBe(group.meta.version);
      expect(Date.parse(answer.body.meta.created)).toBe(Date.parse(group.meta.created));
      expect(valuesOf(answer.body.members)).toEqual([u2.id, u3.id].sort());
      expect(valuesOf((await get(directory, 'Groups', group.id)).members)).toEqual([u2.id, u3.id].sort());

      const emptied = await directory.request('PUT', `/Groups/${group.id}`, {
        body: groupResource(renamed, { members: [] }),
      });
      expectStatus(emptied, 200);
      expect(isUnassigned(emptied.body.members)).toBe(true);
      expect(isUnassigned((await get(directory, 'Groups', group.id)).members)).toBe(true);
    });
    it('treats members omitted from a Group PUT as cleared or as kept, never as anything else', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('omitted')));
      const displayName = `Group ${uniqueUserName('omitted')}`;
      const group = await createGroup(
        directory,
        groupResource(displayName, { members: [{ value: user.id }] }),
      );
      // members is readWrite; omitted from a PUT, "the service provider MAY assume that any existing values are
      // to be cleared, or … MAY assign a default value" (RFC 7644 §3.5.1). scimflow keeps the membership: a PUT
      // that renames a group must not take every member's access away (members: [] clears it, tested above).
      const answer = await directory.request('PUT', `/Groups/${group.id}`, {
        body: groupResource(displayName, { externalId: 'renamed-only' }),
      });
      expectStatus(answer, 200);
      expect(answer.body.externalId).toBe('renamed-only');
      const members = valuesOf((await get(directory, 'Groups', group.id)).members);
      expect([[], [user.id]]).toContainEqual(members);
      expect(valuesOf(answer.body.members)).toEqual(members);
    });
  });

  describe('delete (RFC 7644 §3.6)', () => {
    it('deletes a User: 204 with no body, then GET, PUT and DELETE answer 404 and lists omit it', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('delete')));
      const answer = await directory.request('DELETE', `/Users/${user.id}`);
      // "In response to a successful DELETE, the server SHALL return a successful HTTP status code 204 (No
      // Content)."
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      // Service providers "MUST return a 404 (Not Found) error code for all operations associated with the
      // previously deleted resource" and "MUST omit the resource from future query results".
      expectScimError(await directory.request('GET', `/Users/${user.id}`), 404);
      expectScimError(
        await directory.request('PUT', `/Users/${user.id}`, { body: userResource(user.userName) }),
        404,
      );
      expectScimError(await directory.request('DELETE', `/Users/${user.id}`), 404);
      const list = await directory.request('GET', '/Users');
      expectStatus(list, 200);
      expect(((list.body.Resources as Json[]) ?? []).map((resource) => resource.id)).not.toContain(user.id);
    });

    it('does not count a deleted User in conflicts: its userName can be created again (RFC 7644 §3.6)', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('reuse')));
      expect((await directory.request('DELETE', `/Users/${user.id}`)).status).toBe(204);
      // "the service provider SHOULD NOT consider the deleted resource in conflict calculation. For example, if
      // a "User" resource is deleted, a CREATE request for a "User" resource with the same "userName" as the
      // previously deleted resource SHOULD NOT fail with a 409 error due to "userName" conflict."
      const again = await createUser(directory, userResource(user.userName.toUpperCase()));
      expect(again.id).not.toBe(user.id);
      expectScimError(await directory.request('GET', `/Users/${user.id}`), 404);
    });

    it('answers 404 to a DELETE of an id that names nothing, UUID-shaped or not', async () => {
      for (const id of [randomUUID(), 'not-a-uuid', '12345']) {
        expectScimError(await directory.request('DELETE', `/Users/${id}`), 404);
        expectScimError(await directory.request('DELETE', `/Groups/${id}`), 404);
      }
    });

    it("removes a deleted User from its Groups' members", async () => {
      const leaving = await createUser(directory, userResource(uniqueUserName('leaving')));
      const staying = await createUser(directory, userResource(uniqueUserName('staying')));
      const group = await createGroup(
        directory,
        groupResource(`Group ${uniqueUserName('leaving')}`, {
          members: [{ value: leaving.id }, { value: staying.id }],
        }),
      );
      expect((await directory.request('DELETE', `/Users/${leaving.id}`)).status).toBe(204);
      // §3.6: all operations on the deleted resource answer 404, so no Group may still refer to it.
      expect(valuesOf((await get(directory, 'Groups', group.id)).members)).toEqual([staying.id]);
    });

    it('deletes a Group: 204 with no body, then 404; its members stay; its displayName is free again', async () => {
      const user = await createUser(directory, userResource(uniqueUserName('orphan')));
      const displayName = `Group ${uniqueUserName('deleted')}`;
      const group = await createGroup(
        directory,
        groupResource(displayName, { members: [{ value: user.id }] }),
      );
      const answer = await directory.request('DELETE', `/Groups/${group.id}`);
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expectScimError(await directory.request('GET', `/Groups/${group.id}`), 404);
      expectScimError(
        await directory.request('PUT', `/Groups/${group.id}`, { body: groupResource(displayName) }),
        404,
      );
      expectScimError(await directory.request('DELETE', `/Groups/${group.id}`), 404);
      const list = await directory.request('GET', '/Groups');
      expectStatus(list, 200);
      expect(((list.body.Resources as Json[]) ?? []).map((resource) => resource.id)).not.toContain(group.id);
      // Deleting a Group removes a membership, not its members.
      const read = await get(directory, 'Users', user.id);
      expect(read.userName).toBe(user.userName);
      expect(groupEntry(read, group.id)).toBeUndefined();
      // §3.6: the deleted resource "SHOULD NOT" count "in conflict calculation".
      const again = await createGroup(directory, groupResource(displayName));
      expect(again.id).not.toBe(group.id);
    });
  });
}
