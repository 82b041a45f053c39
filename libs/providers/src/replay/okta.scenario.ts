import type { ReplayJson, ReplayScenario, ReplayStep } from './replay-scenario';
import { CORE_GROUP, CORE_USER, LIST_RESPONSE, PATCH_OP } from './scim-literals';

// Okta's requests as its SCIM 2.0 reference documents them (OIN integrations: PATCH for (de)activation and
// groups, PUT for profile updates). Ids in Okta's samples are replaced by the ids the server returns.

const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0' } as const;

function profile(options: { id?: string; middleName?: string }): ReplayJson {
  return {
    schemas: [CORE_USER],
    ...(options.id === undefined ? {} : { id: options.id }),
    userName: 'test.user@okta.local',
    name: {
      givenName: options.middleName === undefined ? 'Test' : 'Another',
      ...(options.middleName === undefined ? {} : { middleName: options.middleName }),
      familyName: 'User',
    },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    ...(options.id === undefined ? { password: '1mz050nq' } : { meta: { resourceType: 'User' } }),
    active: true,
  };
}

function createTestUser(): ReplayStep {
  return {
    name: 'create the user, with its password',
    method: 'POST',
    path: '/Users',
    body: profile({}),
    expect: {
      status: 201,
      body: { userName: 'test.user@okta.local', externalId: '00ujl29u0le5T6Aj10h7', active: true },
      absent: ['password'],
      capture: { as: 'users.test', from: 'id' },
    },
    expectEvents: ['directory.user.created'],
  };
}

function createSecondUser(): ReplayStep {
  return {
    name: 'create a second user',
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [CORE_USER],
      userName: 'second.user@okta.local',
      name: { givenName: 'Second', familyName: 'User' },
      emails: [{ primary: true, value: 'second.user@okta.local', type: 'work' }],
      displayName: 'Second User',
      externalId: '00ujl29u0le5T6Aj10h8',
      groups: [],
      password: 'x9t2k7qp',
      active: true,
    },
    expect: { status: 201, absent: ['password'], capture: { as: 'users.second', from: 'id' } },
    expectEvents: ['directory.user.created'],
  };
}

function activeReplace(name: string, active: boolean): ReplayStep {
  return {
    name,
    method: 'PATCH',
    path: '/Users/{{users.test}}',
    body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] },
    expect: { status: [200, 204] },
    expectState: [{ user: '{{users.test}}', active }],
    expectEvents: [active ? 'directory.user.reactivated' : 'directory.user.deactivated'],
  };
}

function rename(name: string, displayName: string, events: ReplayStep['expectEvents']): ReplayStep {
  return {
    name,
    method: 'PATCH',
    path: '/Groups/{{groups.push}}',
    body: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id: '{{groups.push}}', displayName } }],
    },
    expect: { status: [200, 204] },
    expectState: [{ group: '{{groups.push}}', displayName }],
    expectEvents: events,
  };
}

const USER_LIFECYCLE: ReplayScenario = {
  id: 'okta.user-lifecycle',
  provider: 'okta',
  title:
    'Users: lookup, create with password, GET then PUT profile updates, PATCH (de)activation, import pages',
  source:
    'Okta SCIM 2.0 reference (notes [S21], §8). The password-sync PATCH shape is INF: Okta documents that OIN apps sync passwords by PATCH, not the body.',
  headers: OKTA_HEADERS,
  steps: [
    {
      name: 'look the user up',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`,
      expect: { status: 200, body: { schemas: [LIST_RESPONSE], totalResults: 0 } },
    },
    createTestUser(),
    {
      name: 'the password is never returned',
      method: 'GET',
      path: '/Users/{{users.test}}',
      expect: {
        status: 200,
        body: { id: '{{users.test}}', userName: 'test.user@okta.local' },
        absent: ['password'],
      },
    },
    {
      name: 'update the profile by PUT',
      method: 'PUT',
      path: '/Users/{{users.test}}',
      body: profile({ id: '{{users.test}}', middleName: 'Excited' }),
      expect: {
        status: 200,
        body: { name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' } },
      },
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'the same PUT again emits nothing',
      method: 'PUT',
      path: '/Users/{{users.test}}',
      body: profile({ id: '{{users.test}}', middleName: 'Excited' }),
      expect: { status: 200 },
      expectEvents: [],
    },
    activeReplace('deactivate with a path-less replace', false),
    {
      name: 'a deactivated user is still found',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`,
      expect: {
        status: 200,
        body: { totalResults: 1, Resources: [{ id: '{{users.test}}', active: false }] },
      },
    },
    activeReplace('reactivate with a path-less replace', true),
    {
      name: 'sync the password',
      method: 'PATCH',
      path: '/Users/{{users.test}}',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { password: 'n3wS3cret!' } }] },
      expect: { status: [200, 204], absent: ['password'] },
      expectEvents: [],
    },
    {
      name: 'import: first page of 100',
      method: 'GET',
      path: '/Users?startIndex=1&count=100',
      expect: {
        status: 200,
        body: { totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: '{{users.test}}' }] },
        absent: ['Resources.0.password'],
      },
    },
    {
      name: 'import: the next page is empty',
      method: 'GET',
      path: '/Users?startIndex=101&count=100',
      expect: { status: 200, body: { totalResults: 1, startIndex: 101 }, absent: ['Resources'] },
    },
  ],
};

const GROUP_PUSH: ReplayScenario = {
  id: 'okta.group-push',
  provider: 'okta',
  title:
    'Push Groups: create, membership PATCHes with {value, display}, renames with {id, displayName}, full replace, unlink',
  source:
    'Okta SCIM 2.0 reference (notes [S21], §3.9, §8): the rename is re-sent with every membership update',
  headers: OKTA_HEADERS,
  steps: [
    createTestUser(),
    createSecondUser(),
    {
      name: 'import groups',
      method: 'GET',
      path: '/Groups?startIndex=1&count=100',
      expect: { status: 200, body: { schemas: [LIST_RESPONSE], totalResults: 0 } },
    },
    {
      name: 'push the group',
      method: 'POST',
      path: '/Groups',
      body: { schemas: [CORE_GROUP], displayName: 'Test SCIMv2', members: [] },
      expect: {
        status: 201,
        body: { displayName: 'Test SCIMv2' },
        capture: { as: 'groups.push', from: 'id' },
      },
      expectEvents: ['directory.group.created'],
    },
    {
      name: 'add the second user with its display',
      method: 'PATCH',
      path: '/Groups/{{groups.push}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'add',
            path: 'members',
            value: [{ value: '{{users.second}}', display: 'second.user@okta.local' }],
          },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.push}}', members: ['{{users.second}}'] }],
      expectEvents: ['directory.group.user_added'],
    },
    rename('the rename sent with the membership update changes nothing', 'Test SCIMv2', []),
    {
      name: 'remove by filter and add in one PATCH',
      method: 'PATCH',
      path: '/Groups/{{groups.push}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'remove', path: 'members[value eq "{{users.second}}"]' },
          {
            op: 'add',
            path: 'members',
            value: [{ value: '{{users.test}}', display: 'test.user@okta.local' }],
          },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.push}}', members: ['{{users.test}}'] }],
      expectEvents: ['directory.group.user_removed', 'directory.group.user_added'],
    },
    rename('rename the group', 'Test SCIMv20', ['directory.group.updated']),
    {
      name: 'a replace carrying another id is rejected',
      method: 'PATCH',
      path: '/Groups/{{groups.push}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Hijacked' } },
        ],
      },
      expect: { status: 400, body: { status: '400' } },
      expectState: [{ group: '{{groups.push}}', displayName: 'Test SCIMv20' }],
    },
    {
      name: 'push the full member list',
      method: 'PATCH',
      path: '/Groups/{{groups.push}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            path: 'members',
            value: [
              { value: '{{users.test}}', display: 'test.user@okta.local' },
              { value: '{{users.second}}', display: 'second.user@okta.local' },
            ],
          },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.push}}', members: ['{{users.test}}', '{{users.second}}'] }],
      expectEvents: ['directory.group.user_added'],
    },
    {
      name: 'push a shorter member list',
      method: 'PATCH',
      path: '/Groups/{{groups.push}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            path: 'members',
            value: [{ value: '{{users.second}}', display: 'second.user@okta.local' }],
          },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.push}}', members: ['{{users.second}}'] }],
      expectEvents: ['directory.group.user_removed'],
    },
    {
      name: 'import groups again',
      method: 'GET',
      path: '/Groups?startIndex=1&count=100',
      expect: {
        status: 200,
        body: { totalResults: 1, Resources: [{ id: '{{groups.push}}', displayName: 'Test SCIMv20' }] },
      },
    },
    {
      name: 'unlink and delete the pushed group',
      method: 'DELETE',
      path: '/Groups/{{groups.push}}',
      expect: { status: 204 },
      expectState: [
        { group: '{{groups.push}}', exists: false },
        { user: '{{users.test}}', active: true },
        { user: '{{users.second}}', active: true },
      ],
      expectEvents: ['directory.group.user_removed', 'directory.group.deleted'],
    },
  ],
};

export const OKTA_SCENARIOS: readonly ReplayScenario[] = [USER_LIFECYCLE, GROUP_PUSH];
