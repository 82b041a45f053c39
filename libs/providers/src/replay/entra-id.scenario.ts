import type { ReplayJson, ReplayScenario, ReplayStep } from './replay-scenario';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, LIST_RESPONSE, PATCH_OP } from './scim-literals';

// Microsoft Entra ID's requests as Microsoft documents them: "Develop and plan provisioning for a SCIM
// endpoint" (request samples) and "Known issues with SCIM 2.0 protocol compliance" (the legacy PATCH
// forms and the aadOptscim062020 flag). Notes [S22], §8.

const FLAG = 'aadOptscim062020';
const EMPTY_LIST = { schemas: [LIST_RESPONSE], totalResults: 0 } as const;
const TEST_USER_NAME = 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const TEST_USER_EMAIL = 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com';

function filter(expression: string): string {
  return encodeURIComponent(expression);
}

function legacyPatch(
  name: string,
  path: string,
  operations: readonly ReplayJson[],
): Omit<ReplayStep, 'expectEvents' | 'expectState'> {
  return {
    name,
    method: 'PATCH',
    path,
    body: { schemas: [PATCH_OP], Operations: operations },
    expect: { status: [200, 204] },
  };
}

const TEST_CONNECTION: ReplayScenario = {
  id: 'entra-id.test-connection',
  provider: 'entra-id',
  title: 'Test Connection: a random user and group that do not exist',
  source:
    'Microsoft: "Test Connection queries the SCIM endpoint for a user that doesn\'t exist, using a random GUID" (notes §8)',
  steps: [
    {
      name: 'look up a random user by userName',
      method: 'GET',
      path: `/Users?filter=${filter('userName eq "6f1c3a52-93d4-4b7e-a0f2-5c8e1d7b9a34"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: 'look up a random user by externalId',
      method: 'GET',
      path: `/Users?filter=${filter('externalId eq "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: 'look up a random group',
      method: 'GET',
      path: `/Groups?excludedAttributes=members&filter=${filter('displayName eq "3b2a1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: 'the same lookups with the compliance flag in the tenant URL',
      method: 'GET',
      path: `/Users?${FLAG}&filter=${filter('userName eq "6f1c3a52-93d4-4b7e-a0f2-5c8e1d7b9a34"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: 'a group lookup with the compliance flag',
      method: 'GET',
      path: `/Groups?${FLAG}&excludedAttributes=members&filter=${filter('displayName eq "3b2a1c0d-9e8f-4a7b-b6c5-d4e3f2a1b0c9"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
  ],
};

const LEGACY_PATCH_LIFECYCLE: ReplayScenario = {
  id: 'entra-id.legacy-patch-lifecycle',
  provider: 'entra-id',
  title:
    'Everything by PATCH, default (legacy) behaviour: "Add"/"Replace"/"Remove", "True"/"False", $ref null',
  source:
    'Microsoft request samples and the "without feature flag" samples of the compliance page (notes §8)',
  steps: [
    {
      name: 'look the user up',
      method: 'GET',
      path: `/Users?filter=${filter(`userName eq "${TEST_USER_NAME}"`)}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: 'create the user',
      method: 'POST',
      path: '/Users',
      body: {
        schemas: [CORE_USER, ENTERPRISE_USER],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: TEST_USER_NAME,
        active: true,
        emails: [{ primary: true, type: 'work', value: TEST_USER_EMAIL }],
        meta: { resourceType: 'User' },
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
        roles: [],
      },
      expect: {
        status: 201,
        body: { userName: TEST_USER_NAME, active: true },
        capture: { as: 'users.test', from: 'id' },
      },
      expectEvents: ['directory.user.created'],
    },
    {
      name: 'find the user by userName',
      method: 'GET',
      path: `/Users?filter=${filter(`userName eq "${TEST_USER_NAME}"`)}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{users.test}}' }] } },
    },
    {
      name: 'find the user by work email',
      method: 'GET',
      path: `/Users?filter=${filter(`emails[type eq "work"].value eq "${TEST_USER_EMAIL}"`)}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{users.test}}' }] } },
    },
    {
      ...legacyPatch('replace several attributes', '/Users/{{users.test}}', [
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
        { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
        { op: 'Replace', path: 'externalId', value: 'Eqpj' },
        { op: 'Replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'Eqpj' },
      ]),
      expectState: [{ user: '{{users.test}}', emails: ['TestBcwqnm@test.microsoft.com'] }],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'the replaced attributes are stored',
      method: 'GET',
      path: '/Users/{{users.test}}',
      expect: {
        status: 200,
        body: {
          displayName: 'Pvlo',
          externalId: 'Eqpj',
          name: { givenName: 'Gtfd', familyName: 'Pkqf' },
          [ENTERPRISE_USER]: { employeeNumber: 'Eqpj' },
        },
      },
    },
    {
      ...legacyPatch('add a single-valued string attribute', '/Users/{{users.test}}', [
        { op: 'Add', path: 'nickName', value: 'Babs' },
      ]),
      expectEvents: ['directory.user.updated'],
    },
    {
      ...legacyPatch('disable with the string "False"', '/Users/{{users.test}}', [
        { op: 'Replace', path: 'active', value: 'False' },
      ]),
      expectState: [{ user: '{{users.test}}', active: false }],
      expectEvents: ['directory.user.deactivated'],
    },
    {
      name: 'active is stored as a boolean',
      method: 'GET',
      path: '/Users/{{users.test}}',
      expect: { status: 200, body: { id: '{{users.test}}', active: false } },
    },
    {
      ...legacyPatch('enable with the string "True"', '/Users/{{users.test}}', [
        { op: 'Replace', path: 'active', value: 'True' },
      ]),
      expectState: [{ user: '{{users.test}}', active: true }],
      expectEvents: ['directory.user.reactivated'],
    },
    {
      ...legacyPatch('replace the userName', '/Users/{{users.test}}', [
        { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
      ]),
      expectState: [
        { user: '{{users.test}}', userName: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
      ],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'look the group up',
      method: 'GET',
      path: `/Groups?excludedAttributes=members&filter=${filter('displayName eq "displayName"')}`,
      expect: { status: 200, body: EMPTY_LIST },
    },
    {
      name: "create the group with Microsoft's ADSCIM schema",
      method: 'POST',
      path: '/Groups',
      body: {
        schemas: [CORE_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'displayName',
        meta: { resourceType: 'Group' },
      },
      expect: {
        status: 201,
        body: { displayName: 'displayName' },
        capture: { as: 'groups.test', from: 'id' },
      },
      expectEvents: ['directory.group.created'],
    },
    {
      name: 'get the group without its members',
      method: 'GET',
      path: '/Groups/{{groups.test}}?excludedAttributes=members',
      expect: {
        status: 200,
        body: { id: '{{groups.test}}', displayName: 'displayName' },
        absent: ['members'],
      },
    },
    {
      ...legacyPatch('add the member', '/Groups/{{groups.test}}', [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{users.test}}' }] },
      ]),
      expectState: [{ group: '{{groups.test}}', members: ['{{users.test}}'] }],
      expectEvents: ['directory.group.user_added'],
    },
    {
      ...legacyPatch('adding the same member again emits nothing', '/Groups/{{groups.test}}', [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{users.test}}' }] },
      ]),
      expectEvents: [],
    },
    {
      ...legacyPatch('rename the group', '/Groups/{{groups.test}}', [
        {
          op: 'Replace',
          path: 'displayName',
          value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
        },
      ]),
      expectState: [
        { group: '{{groups.test}}', displayName: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' },
      ],
      expectEvents: ['directory.group.updated'],
    },
    {
      ...legacyPatch('remove the member by value list', '/Groups/{{groups.test}}', [
        { op: 'Remove', path: 'members', value: [{ $ref: null, value: '{{users.test}}' }] },
      ]),
      expectState: [{ group: '{{groups.test}}', memberCount: 0 }],
      expectEvents: ['directory.group.user_removed'],
    },
    {
      ...legacyPatch('add the member back', '/Groups/{{groups.test}}', [
        { op: 'Add', path: 'members', value: [{ $ref: null, value: '{{users.test}}' }] },
      ]),
      expectEvents: ['directory.group.user_added'],
    },
    {
      name: 'delete the user',
      method: 'DELETE',
      path: '/Users/{{users.test}}',
      expect: { status: 204 },
      expectState: [
        { user: '{{users.test}}', exists: false },
        { group: '{{groups.test}}', memberCount: 0 },
      ],
      expectEvents: ['directory.group.user_removed', 'directory.user.deleted'],
    },
    {
      name: 'delete the user again',
      method: 'DELETE',
      path: '/Users/{{users.test}}',
      expect: { status: 404 },
    },
    {
      name: 'delete the group',
      method: 'DELETE',
      path: '/Groups/{{groups.test}}',
      expect: { status: 204 },
      expectState: [{ group: '{{groups.test}}', exists: false }],
      expectEvents: ['directory.group.deleted'],
    },
  ],
};

const COMPLIANT_PATCH_LIFECYCLE: ReplayScenario = {
  id: 'entra-id.compliant-patch-lifecycle',
  provider: 'entra-id',
  title:
    'PATCH lifecycle with ?aadOptscim062020: path-less multi-attribute replace, boolean active, filter removal',
  source: 'the "with feature flag" samples of Microsoft\'s compliance page (notes §8, [S22])',
  steps: [
    {
      name: 'create the user',
      method: 'POST',
      path: `/Users?${FLAG}`,
      body: {
        schemas: [CORE_USER, ENTERPRISE_USER],
        externalId: '58342554-38d6-4ec8-948c-50044d0a33fd',
        userName: 'Test_User_22cc22cc-dd33-ee44-ff55-66aa66aa66aa',
        active: true,
        emails: [{ primary: true, type: 'work', value: 'Test_User_33dd33dd@testuser.com' }],
        name: { familyName: 'familyName', givenName: 'givenName' },
      },
      expect: { status: 201, capture: { as: 'users.test', from: 'id' } },
      expectEvents: ['directory.user.created'],
    },
    {
      name: 'replace several attributes',
      method: 'PATCH',
      path: `/Users/{{users.test}}?${FLAG}`,
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
          {
            op: 'replace',
            value: {
              displayName: 'Bjfe',
              'name.givenName': 'Kkom',
              'name.familyName': 'Unua',
              [`${ENTERPRISE_USER}:employeeNumber`]: 'Aklq',
            },
          },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [{ user: '{{users.test}}', emails: ['TestMhvaes@test.microsoft.com'] }],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'the replaced attributes are stored',
      method: 'GET',
      path: `/Users/{{users.test}}?${FLAG}`,
      expect: {
        status: 200,
        body: {
          displayName: 'Bjfe',
          name: { givenName: 'Kkom', familyName: 'Unua' },
          [ENTERPRISE_USER]: { employeeNumber: 'Aklq' },
        },
      },
    },
    {
      name: 'create the group',
      method: 'POST',
      path: `/Groups?${FLAG}`,
      body: {
        schemas: [CORE_GROUP],
        externalId: '60f1bb27-2e1e-402d-bcc4-ec999564a194',
        displayName: 'Compliant group',
      },
      expect: { status: 201, capture: { as: 'groups.test', from: 'id' } },
      expectEvents: ['directory.group.created'],
    },
    {
      name: 'add the member',
      method: 'PATCH',
      path: `/Groups/{{groups.test}}?${FLAG}`,
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: '{{users.test}}' }] }],
      },
      expect: { status: [200, 204] },
      expectEvents: ['directory.group.user_added'],
    },
    {
      name: 'remove the member by filter',
      method: 'PATCH',
      path: `/Groups/{{groups.test}}?${FLAG}`,
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members[value eq "{{users.test}}"]' }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.test}}', memberCount: 0 }],
      expectEvents: ['directory.group.user_removed'],
    },
    {
      name: 'disable with a boolean',
      method: 'PATCH',
      path: `/Users/{{users.test}}?${FLAG}`,
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
      expect: { status: [200, 204] },
      expectState: [{ user: '{{users.test}}', active: false }],
      expectEvents: ['directory.user.deactivated'],
    },
    {
      name: 'delete the user',
      method: 'DELETE',
      path: `/Users/{{users.test}}?${FLAG}`,
      expect: { status: 204 },
      expectEvents: ['directory.user.deleted'],
    },
    {
      name: 'delete the group',
      method: 'DELETE',
      path: `/Groups/{{groups.test}}?${FLAG}`,
      expect: { status: 204 },
      expectEvents: ['directory.group.deleted'],
    },
  ],
};

export const ENTRA_ID_SCENARIOS: readonly ReplayScenario[] = [
  TEST_CONNECTION,
  LEGACY_PATCH_LIFECYCLE,
  COMPLIANT_PATCH_LIFECYCLE,
];
