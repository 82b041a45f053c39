import type { ReplayEventExpectation, ReplayJson, ReplayScenario, ReplayStep } from './replay-scenario';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, LIST_RESPONSE, PATCH_OP } from './scim-literals';

// JumpCloud's request sequences from the protocol notes (§3, §9). JumpCloud's request content type is
// unknown (Q18): application/json is replayed, the less common of the two the server must accept.

const EMPTY_LIST = { schemas: [LIST_RESPONSE], totalResults: 0 } as const;

function adaBody(options: { id?: string; active: boolean; addresses: boolean }): ReplayJson {
  return {
    // §4: JumpCloud's PUT lists the enterprise schema first, its POST the core schema first.
    schemas: options.id === undefined ? [CORE_USER, ENTERPRISE_USER] : [ENTERPRISE_USER, CORE_USER],
    ...(options.id === undefined ? {} : { id: options.id }),
    userName: 'ada.lovelace@acme.example',
    externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
    active: options.active,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    displayName: 'Ada Lovelace',
    title: 'Principal Engineer',
    emails: [{ value: 'ada.lovelace@acme.example', type: 'work', primary: true }],
    phoneNumbers: [{ value: 'tel:+44-20-7946-0018', type: 'work', primary: true }],
    addresses: options.addresses
      ? [
          {
            type: 'work',
            primary: true,
            streetAddress: '12 Analytical Row',
            locality: 'London',
            region: 'Greater London',
            postalCode: 'EC1A 1BB',
            country: 'GB',
          },
        ]
      : [],
    locale: 'en-GB',
    preferredLanguage: 'en-GB',
    [ENTERPRISE_USER]: { department: 'Engineering' },
  };
}

function graceBody(options: {
  id?: string;
  active: boolean;
  title?: string;
  emailsNull?: boolean;
}): ReplayJson {
  return {
    schemas: options.id === undefined ? [CORE_USER, ENTERPRISE_USER] : [ENTERPRISE_USER, CORE_USER],
    ...(options.id === undefined ? {} : { id: options.id }),
    userName: 'grace.hopper@acme.example',
    externalId: '65f0a1b2c3d4e5f6a7b8c9d2',
    active: options.active,
    name: { givenName: 'Grace', familyName: 'Hopper' },
    displayName: 'Grace Hopper',
    ...(options.title === undefined ? {} : { title: options.title }),
    emails: options.emailsNull ? null : [{ value: 'grace.hopper@acme.example', type: 'work', primary: true }],
    phoneNumbers: [],
    addresses: [],
    locale: 'en-US',
    preferredLanguage: 'en-US',
  };
}

function lookupUser(name: string, userName: string, totalResults: 0 | 1): ReplayStep {
  return {
    name,
    method: 'GET',
    path: `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    expect: { status: 200, body: { schemas: [LIST_RESPONSE], totalResults } },
  };
}

function createAda(): ReplayStep {
  return {
    name: 'create Ada',
    method: 'POST',
    path: '/Users',
    body: adaBody({ active: true, addresses: true }),
    expect: {
      status: 201,
      body: {
        userName: 'ada.lovelace@acme.example',
        externalId: '65f0a1b2c3d4e5f6a7b8c9d1',
        active: true,
        // Q5: tel: URIs are stored verbatim.
        phoneNumbers: [{ value: 'tel:+44-20-7946-0018' }],
        locale: 'en-GB',
        [ENTERPRISE_USER]: { department: 'Engineering' },
      },
      capture: { as: 'users.ada', from: 'id' },
    },
    expectEvents: ['directory.user.created'],
  };
}

function createGrace(): ReplayStep {
  return {
    name: 'create Grace',
    method: 'POST',
    path: '/Users',
    body: graceBody({ active: true }),
    expect: {
      status: 201,
      body: { userName: 'grace.hopper@acme.example' },
      capture: { as: 'users.grace', from: 'id' },
    },
    expectEvents: ['directory.user.created'],
  };
}

function createGroup(name: string, displayName: string, capture: string): ReplayStep {
  return {
    name,
    method: 'POST',
    path: '/Groups',
    body: { schemas: [CORE_GROUP], displayName },
    expect: { status: 201, body: { displayName }, capture: { as: capture, from: 'id' } },
    expectEvents: ['directory.group.created'],
  };
}

/** §3.8 / Q8: one add per request, `{value}` only, lowercase op. */
function addMember(
  name: string,
  group: string,
  user: string,
  events: readonly ReplayEventExpectation[],
): ReplayStep {
  return {
    name,
    method: 'PATCH',
    path: `/Groups/{{${group}}}`,
    body: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: `{{${user}}}` }] }],
    },
    expect: { status: [200, 204] },
    expectEvents: events,
  };
}

/** §3.8 removal form A: value array without a filter. */
function removeMemberByValue(name: string, group: string, user: string): ReplayStep {
  return {
    name,
    method: 'PATCH',
    path: `/Groups/{{${group}}}`,
    body: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members', value: [{ value: `{{${user}}}` }] }],
    },
    expect: { status: [200, 204] },
    expectEvents: ['directory.group.user_removed'],
  };
}

function putAda(name: string, active: boolean, events: ReplayStep['expectEvents']): ReplayStep {
  return {
    name,
    method: 'PUT',
    path: '/Users/{{users.ada}}',
    body: adaBody({ id: '{{users.ada}}', active, addresses: false }),
    expect: { status: 200, body: { id: '{{users.ada}}', active } },
    expectState: [{ user: '{{users.ada}}', active }],
    expectEvents: events,
  };
}

const TEST_CONNECTION: ReplayScenario = {
  id: 'jumpcloud.test-connection',
  provider: 'jumpcloud',
  title: 'Test Connection / Activate with group management enabled',
  source:
    'notes §3.1 and §9.0. The lookup before the POST and the group update step are INF; the POST and minimal PUT bodies are CODE [S8].',
  contentType: 'application/json',
  steps: [
    lookupUser('look up the test user', 'scim-probe@acme.example', 0),
    {
      name: 'create the test user',
      method: 'POST',
      path: '/Users',
      body: {
        schemas: [CORE_USER, ENTERPRISE_USER],
        userName: 'scim-probe@acme.example',
        externalId: '6a1f03c2e4b5d6a7b8c9d0e1',
        active: true,
        name: { givenName: 'firstname', familyName: 'lastname' },
        displayName: 'displayname',
        emails: [{ value: 'scim-probe@acme.example', type: 'work', primary: true }],
        phoneNumbers: [{ value: 'tel:+1-555-555-5555', type: 'work', primary: true }],
        addresses: [
          {
            type: 'work',
            primary: true,
            streetAddress: 'street-address',
            locality: 'locality',
            region: 'region',
            postalCode: '80027',
            country: 'US',
          },
        ],
        locale: 'en-US',
        preferredLanguage: 'en-US',
      },
      expect: {
        status: 201,
        body: {
          userName: 'scim-probe@acme.example',
          active: true,
          emails: [{ value: 'scim-probe@acme.example' }],
        },
        capture: { as: 'users.probe', from: 'id' },
      },
      expectState: [{ user: '{{users.probe}}', active: true, emails: ['scim-probe@acme.example'] }],
      expectEvents: ['directory.user.created'],
    },
    {
      // Q16: a Test User Email that already belongs to another user fails the test with 409.
      name: 'a test email that already exists is a conflict',
      method: 'POST',
      path: '/Users',
      body: {
        schemas: [CORE_USER],
        userName: 'scim-probe@acme.example',
        externalId: '6a1f03c2e4b5d6a7b8c9d0ff',
        active: true,
        name: { givenName: 'firstname', familyName: 'lastname' },
        emails: [{ value: 'scim-probe@acme.example', type: 'work', primary: true }],
      },
      expect: { status: 409, body: { status: '409', scimType: 'uniqueness' } },
    },
    {
      name: 'minimal PUT with emails null keeps the email',
      method: 'PUT',
      path: '/Users/{{users.probe}}',
      body: {
        schemas: [CORE_USER],
        id: '{{users.probe}}',
        userName: 'scim-probe@acme.example',
        active: true,
        name: { givenName: 'firstname', familyName: 'lastname' },
        emails: null,
      },
      expect: {
        status: 200,
        body: {
          id: '{{users.probe}}',
          userName: 'scim-probe@acme.example',
          active: true,
          emails: [{ value: 'scim-probe@acme.example' }],
        },
        // A full PUT is authoritative for everything else it omits (Q1).
        absent: ['displayName', 'phoneNumbers', 'addresses'],
      },
      expectState: [{ user: '{{users.probe}}', emails: ['scim-probe@acme.example'] }],
      expectEvents: ['directory.user.updated'],
    },
    createGroup('create the test group', 'JumpCloud SCIM test group', 'groups.test'),
    {
      name: 'update the test group',
      method: 'PATCH',
      path: '/Groups/{{groups.test}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { displayName: 'JumpCloud SCIM test group 2' } }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.test}}', displayName: 'JumpCloud SCIM test group 2' }],
      expectEvents: ['directory.group.updated'],
    },
    {
      name: 'delete the test group',
      method: 'DELETE',
      path: '/Groups/{{groups.test}}',
      expect: { status: 204 },
      expectState: [{ group: '{{groups.test}}', exists: false }],
      expectEvents: ['directory.group.deleted'],
    },
    {
      name: 'delete the test user',
      method: 'DELETE',
      path: '/Users/{{users.probe}}',
      expect: { status: 204 },
      expectState: [{ user: '{{users.probe}}', exists: false }],
      expectEvents: ['directory.user.deleted'],
    },
    { name: 'the test user is gone', method: 'GET', path: '/Users/{{users.probe}}', expect: { status: 404 } },
  ],
};

const USER_LIFECYCLE: ReplayScenario = {
  id: 'jumpcloud.user-lifecycle',
  provider: 'jumpcloud',
  title: 'Users: lookup, create, full PUT updates, suspension and reactivation, deletion',
  source:
    'notes §3.2–§3.6, §9.1, §9.6, §9.7, §9.9; Q1, Q2, Q4, Q5, Q19. Deactivation by PUT is INF (strong).',
  contentType: 'application/json',
  steps: [
    lookupUser('look up Ada', 'ada.lovelace@acme.example', 0),
    createAda(),
    lookupUser('look up Grace', 'grace.hopper@acme.example', 0),
    createGrace(),
    {
      name: 'PUT of an unchanged Ada emits nothing',
      method: 'PUT',
      path: '/Users/{{users.ada}}',
      body: adaBody({ id: '{{users.ada}}', active: true, addresses: true }),
      expect: { status: 200, body: { id: '{{users.ada}}', active: true } },
      expectEvents: [],
    },
    {
      ...putAda('suspend Ada, clearing her address', false, [
        { type: 'directory.user.deactivated', previousAttributes: {} },
      ]),
      expect: { status: 200, body: { id: '{{users.ada}}', active: false }, absent: ['addresses'] },
    },
    {
      name: 'an inactive user is still found by the lookup',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "ada.lovelace@acme.example"')}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{users.ada}}', active: false }] } },
    },
    putAda('reactivate Ada', true, ['directory.user.reactivated']),
    {
      name: 'update Grace with emails null',
      method: 'PUT',
      path: '/Users/{{users.grace}}',
      body: graceBody({ id: '{{users.grace}}', active: true, title: 'Rear Admiral', emailsNull: true }),
      expect: {
        status: 200,
        body: { title: 'Rear Admiral', emails: [{ value: 'grace.hopper@acme.example' }] },
      },
      expectState: [{ user: '{{users.grace}}', emails: ['grace.hopper@acme.example'] }],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'delete Grace',
      method: 'DELETE',
      path: '/Users/{{users.grace}}',
      expect: { status: 204 },
      expectState: [
        { user: '{{users.grace}}', exists: false },
        { user: '{{users.ada}}', active: true },
      ],
      expectEvents: ['directory.user.deleted'],
    },
    {
      name: 'delete Grace again',
      method: 'DELETE',
      path: '/Users/{{users.grace}}',
      expect: { status: 404, body: { status: '404' } },
    },
    { name: 'Grace is gone', method: 'GET', path: '/Users/{{users.grace}}', expect: { status: 404 } },
  ],
};

const GROUP_LIFECYCLE: ReplayScenario = {
  id: 'jumpcloud.group-lifecycle',
  provider: 'jumpcloud',
  title: 'Groups: takeover lookup, create, add members, rename, remove, delete',
  source: 'notes §3.7–§3.9, §3.11, §9.2–§9.5, §9.10; Q7, Q8, Q11, Q13. The displayName lookup is INF.',
  contentType: 'application/json',
  steps: [
    createAda(),
    createGrace(),
    {
      name: 'look up the group by name',
      method: 'GET',
      path: `/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    createGroup('create Engineering', 'Engineering', 'groups.engineering'),
    {
      ...addMember('add Ada', 'groups.engineering', 'users.ada', ['directory.group.user_added']),
      expectState: [{ group: '{{groups.engineering}}', memberCount: 1, members: ['{{users.ada}}'] }],
    },
    {
      ...addMember('add Grace', 'groups.engineering', 'users.grace', ['directory.group.user_added']),
      expectState: [{ group: '{{groups.engineering}}', memberCount: 2 }],
    },
    addMember('adding Grace again emits nothing', 'groups.engineering', 'users.grace', []),
    {
      name: 'rename to Platform Engineering',
      method: 'PATCH',
      path: '/Groups/{{groups.engineering}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { displayName: 'Platform Engineering' } }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.engineering}}', displayName: 'Platform Engineering' }],
      expectEvents: ['directory.group.updated'],
    },
    {
      name: 'a rename to the same name emits nothing',
      method: 'PATCH',
      path: '/Groups/{{groups.engineering}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { displayName: 'Platform Engineering' } }],
      },
      expect: { status: [200, 204] },
      expectEvents: [],
    },
    {
      ...removeMemberByValue('remove Grace', 'groups.engineering', 'users.grace'),
      expectState: [{ group: '{{groups.engineering}}', members: ['{{users.ada}}'] }],
    },
    {
      name: 'find the group under its new name',
      method: 'GET',
      path: `/Groups?filter=${encodeURIComponent('displayName eq "Platform Engineering"')}`,
      expect: {
        status: 200,
        body: {
          totalResults: 1,
          Resources: [{ id: '{{groups.engineering}}', displayName: 'Platform Engineering' }],
        },
      },
    },
    {
      name: 'delete the group',
      method: 'DELETE',
      path: '/Groups/{{groups.engineering}}',
      expect: { status: 204 },
      expectState: [
        { group: '{{groups.engineering}}', exists: false },
        { user: '{{users.ada}}', active: true },
        { user: '{{users.grace}}', active: true },
      ],
      expectEvents: ['directory.group.user_removed', 'directory.group.deleted'],
    },
    {
      name: 'the group is gone',
      method: 'GET',
      path: '/Groups/{{groups.engineering}}',
      expect: { status: 404 },
    },
  ],
};

const GROUP_CREATED_WITH_MEMBERS: ReplayScenario = {
  id: 'jumpcloud.group-created-with-members',
  provider: 'jumpcloud',
  title: 'A group POST that already carries its members',
  source: 'notes §3.7 and the variant of §9.2 (whether JumpCloud sends members in the POST is unknown)',
  contentType: 'application/json',
  steps: [
    createAda(),
    {
      name: 'create Engineering with Ada',
      method: 'POST',
      path: '/Groups',
      body: { schemas: [CORE_GROUP], displayName: 'Engineering', members: [{ value: '{{users.ada}}' }] },
      expect: {
        status: 201,
        body: { displayName: 'Engineering' },
        capture: { as: 'groups.engineering', from: 'id' },
      },
      expectState: [{ group: '{{groups.engineering}}', memberCount: 1, members: ['{{users.ada}}'] }],
      expectEvents: ['directory.group.created', 'directory.group.user_added'],
    },
  ],
};

const MEMBERSHIP_CHURN: ReplayScenario = {
  id: 'jumpcloud.membership-churn',
  provider: 'jumpcloud',
  title: 'Membership churn through all three removal forms',
  source: 'notes §3.8, §9.3, §9.4, Q9: removal is not captured, forms A, B and C are all attested',
  contentType: 'application/json',
  steps: [
    createAda(),
    createGrace(),
    createGroup('create Engineering', 'Engineering', 'groups.engineering'),
    addMember('add Ada', 'groups.engineering', 'users.ada', ['directory.group.user_added']),
    addMember('add Grace', 'groups.engineering', 'users.grace', ['directory.group.user_added']),
    {
      ...removeMemberByValue('remove Grace by value list (form A)', 'groups.engineering', 'users.grace'),
      expectState: [{ group: '{{groups.engineering}}', members: ['{{users.ada}}'] }],
    },
    addMember('add Grace back', 'groups.engineering', 'users.grace', ['directory.group.user_added']),
    {
      name: 'remove Grace by filter path (form B)',
      method: 'PATCH',
      path: '/Groups/{{groups.engineering}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members[value eq "{{users.grace}}"]' }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.engineering}}', members: ['{{users.ada}}'] }],
      expectEvents: ['directory.group.user_removed'],
    },
    addMember('add Grace once more', 'groups.engineering', 'users.grace', ['directory.group.user_added']),
    {
      name: 'remove Grace by PUT of the remaining list (form C)',
      method: 'PUT',
      path: '/Groups/{{groups.engineering}}',
      body: {
        schemas: [CORE_GROUP],
        id: '{{groups.engineering}}',
        displayName: 'Engineering',
        members: [{ value: '{{users.ada}}' }],
      },
      expect: { status: 200, body: { id: '{{groups.engineering}}', displayName: 'Engineering' } },
      expectState: [{ group: '{{groups.engineering}}', members: ['{{users.ada}}'] }],
      expectEvents: ['directory.group.user_removed'],
    },
    {
      name: 'the same PUT again emits nothing',
      method: 'PUT',
      path: '/Groups/{{groups.engineering}}',
      body: {
        schemas: [CORE_GROUP],
        id: '{{groups.engineering}}',
        displayName: 'Engineering',
        members: [{ value: '{{users.ada}}' }],
      },
      expect: { status: 200 },
      expectEvents: [],
    },
  ],
};

/** Platform Engineering holds Ada and Grace; Grace is also in Research, another bound group. */
const DISASSOCIATION_SETUP: readonly ReplayStep[] = [
  createAda(),
  createGrace(),
  createGroup('create Platform Engineering', 'Platform Engineering', 'groups.platform'),
  addMember('add Ada to Platform Engineering', 'groups.platform', 'users.ada', [
    'directory.group.user_added',
  ]),
  addMember('add Grace to Platform Engineering', 'groups.platform', 'users.grace', [
    'directory.group.user_added',
  ]),
  createGroup('create Research', 'Research', 'groups.research'),
  addMember('add Grace to Research', 'groups.research', 'users.grace', ['directory.group.user_added']),
];

const AFTER_DISASSOCIATION: readonly ReplayStep[] = [
  putAda('deactivate Ada, who is in no other bound group', false, ['directory.user.deactivated']),
  {
    name: 'the group is left in place, empty',
    method: 'GET',
    path: '/Groups/{{groups.platform}}',
    expect: {
      status: 200,
      body: { id: '{{groups.platform}}', displayName: 'Platform Engineering' },
      absent: ['members'],
    },
    expectState: [
      { group: '{{groups.platform}}', memberCount: 0 },
      { group: '{{groups.research}}', members: ['{{users.grace}}'] },
      { user: '{{users.grace}}', active: true },
    ],
  },
];

const DISASSOCIATION_PER_MEMBER: ReplayScenario = {
  id: 'jumpcloud.disassociation-per-member',
  provider: 'jumpcloud',
  title:
    'Group unbound from the app (one PATCH per member), then re-bound and taken over by name, then deleted',
  source:
    'notes §3.10, §9.8, §9.10; Q10, Q11. The traffic form is INF; the outcome (members removed, group kept) is DOC [S3, S12].',
  contentType: 'application/json',
  steps: [
    ...DISASSOCIATION_SETUP,
    removeMemberByValue('unbind: remove Ada', 'groups.platform', 'users.ada'),
    removeMemberByValue('unbind: remove Grace', 'groups.platform', 'users.grace'),
    ...AFTER_DISASSOCIATION,
    {
      name: 're-bind: look the group up by name',
      method: 'GET',
      path: `/Groups?filter=${encodeURIComponent('displayName eq "Platform Engineering"')}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{groups.platform}}' }] } },
    },
    addMember('re-bind: add Ada to the taken-over group', 'groups.platform', 'users.ada', [
      'directory.group.user_added',
    ]),
    putAda('re-bind: reactivate Ada', true, ['directory.user.reactivated']),
    {
      name: 'delete the group in JumpCloud',
      method: 'DELETE',
      path: '/Groups/{{groups.platform}}',
      expect: { status: 204 },
      expectState: [
        { group: '{{groups.platform}}', exists: false },
        { user: '{{users.ada}}', active: true },
      ],
      expectEvents: ['directory.group.user_removed', 'directory.group.deleted'],
    },
    putAda('deactivate Ada after the group deletion', false, ['directory.user.deactivated']),
  ],
};

const DISASSOCIATION_SINGLE_PUT: ReplayScenario = {
  id: 'jumpcloud.disassociation-single-put',
  provider: 'jumpcloud',
  title: 'Group unbound from the app with one PUT of an empty member list',
  source: 'notes §3.10 step 1 (PUT members [] is INF), §9.8',
  contentType: 'application/json',
  steps: [
    ...DISASSOCIATION_SETUP,
    {
      name: 'unbind: PUT with no members',
      method: 'PUT',
      path: '/Groups/{{groups.platform}}',
      body: {
        schemas: [CORE_GROUP],
        id: '{{groups.platform}}',
        displayName: 'Platform Engineering',
        members: [],
      },
      expect: { status: 200, body: { id: '{{groups.platform}}', displayName: 'Platform Engineering' } },
      expectEvents: ['directory.group.user_removed', 'directory.group.user_removed'],
    },
    ...AFTER_DISASSOCIATION,
  ],
};

const DISASSOCIATION_REPLACE_EMPTY: ReplayScenario = {
  id: 'jumpcloud.disassociation-replace-empty',
  provider: 'jumpcloud',
  title: 'Group unbound from the app with a PATCH replacing members by an empty list',
  source: 'notes §3.10 step 1 (PATCH replace members [] is INF)',
  contentType: 'application/json',
  steps: [
    ...DISASSOCIATION_SETUP,
    {
      name: 'unbind: replace members with nothing',
      method: 'PATCH',
      path: '/Groups/{{groups.platform}}',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members', value: [] }] },
      expect: { status: [200, 204] },
      expectEvents: ['directory.group.user_removed', 'directory.group.user_removed'],
    },
    ...AFTER_DISASSOCIATION,
  ],
};

export const JUMPCLOUD_SCENARIOS: readonly ReplayScenario[] = [
  TEST_CONNECTION,
  USER_LIFECYCLE,
  GROUP_LIFECYCLE,
  GROUP_CREATED_WITH_MEMBERS,
  MEMBERSHIP_CHURN,
  DISASSOCIATION_PER_MEMBER,
  DISASSOCIATION_SINGLE_PUT,
  DISASSOCIATION_REPLACE_EMPTY,
];
