import type { ReplayJson, ReplayScenario } from './replay-scenario';
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, PATCH_OP } from './scim-literals';

// A client that follows RFC 7643/7644 to the letter (examples adapted from RFC 7643 §8.2 and RFC 7644 §3.5.2),
// plus the event rules of the architecture and the error answers of invariant 5.

function barbara(options: { id?: string; active: boolean; title: string }): ReplayJson {
  return {
    schemas: [CORE_USER, ENTERPRISE_USER],
    ...(options.id === undefined ? {} : { id: options.id }),
    externalId: '701984',
    userName: 'bjensen@example.com',
    name: {
      formatted: 'Ms. Barbara J Jensen, III',
      familyName: 'Jensen',
      givenName: 'Barbara',
      middleName: 'Jane',
    },
    displayName: 'Babs Jensen',
    nickName: 'Babs',
    title: options.title,
    userType: 'Employee',
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    active: options.active,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    phoneNumbers: [{ value: 'tel:+1-555-555-5555', type: 'work' }],
    [ENTERPRISE_USER]: {
      employeeNumber: '701984',
      costCenter: '4130',
      organization: 'Universal Studios',
      department: 'Tour Operations',
    },
  };
}

const RFC_LIFECYCLE: ReplayScenario = {
  id: 'generic-scim.rfc-lifecycle',
  provider: 'generic-scim',
  title: 'Strict RFC 7644 client: users and groups through PUT and PATCH, event rules, error answers',
  source: 'RFC 7643 §8.2, RFC 7644 §3.3–§3.6 and §3.12; /work/shared/ARCHITECTURE.md §3 (invariant 5) and §4',
  steps: [
    {
      name: 'create Barbara',
      method: 'POST',
      path: '/Users',
      body: barbara({ active: true, title: 'Tour Guide' }),
      expect: {
        status: 201,
        body: { schemas: [CORE_USER, ENTERPRISE_USER], userName: 'bjensen@example.com', active: true },
        capture: { as: 'users.barbara', from: 'id' },
      },
      expectEvents: ['directory.user.created'],
    },
    {
      name: 'get Barbara',
      method: 'GET',
      path: '/Users/{{users.barbara}}',
      expect: {
        status: 200,
        body: {
          id: '{{users.barbara}}',
          name: { familyName: 'Jensen', givenName: 'Barbara' },
          meta: { resourceType: 'User' },
        },
      },
    },
    {
      name: 'find Barbara by userName',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "bjensen@example.com"')}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{users.barbara}}' }] } },
    },
    {
      name: 'a PUT of the same resource emits nothing',
      method: 'PUT',
      path: '/Users/{{users.barbara}}',
      body: barbara({ id: '{{users.barbara}}', active: true, title: 'Tour Guide' }),
      expect: { status: 200 },
      expectEvents: [],
    },
    {
      name: 'a PUT that deactivates and changes the title emits one deactivated event',
      method: 'PUT',
      path: '/Users/{{users.barbara}}',
      body: barbara({ id: '{{users.barbara}}', active: false, title: 'Retired Tour Guide' }),
      expect: { status: 200, body: { active: false, title: 'Retired Tour Guide' } },
      expectState: [{ user: '{{users.barbara}}', active: false }],
      expectEvents: [{ type: 'directory.user.deactivated', previousAttributes: {} }],
    },
    {
      name: 'reactivate by PATCH replace with a path',
      method: 'PATCH',
      path: '/Users/{{users.barbara}}',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] },
      expect: { status: [200, 204] },
      expectState: [{ user: '{{users.barbara}}', active: true }],
      expectEvents: ['directory.user.reactivated'],
    },
    {
      name: 'add an email',
      method: 'PATCH',
      path: '/Users/{{users.barbara}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'add', path: 'emails', value: [{ value: 'barbara@other.example', type: 'other' }] },
        ],
      },
      expect: { status: [200, 204] },
      expectState: [
        {
          user: '{{users.barbara}}',
          emails: ['bjensen@example.com', 'babs@jensen.org', 'barbara@other.example'],
        },
      ],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'remove emails by filter',
      method: 'PATCH',
      path: '/Users/{{users.barbara}}',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails[type eq "other"]' }] },
      expect: { status: [200, 204] },
      expectState: [{ user: '{{users.barbara}}', emails: ['bjensen@example.com', 'babs@jensen.org'] }],
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'replace a sub-attribute',
      method: 'PATCH',
      path: '/Users/{{users.barbara}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'name.familyName', value: 'Jensen-Smith' }],
      },
      expect: { status: [200, 204] },
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'create a group with Barbara',
      method: 'POST',
      path: '/Groups',
      body: { schemas: [CORE_GROUP], displayName: 'Tour Guides', members: [{ value: '{{users.barbara}}' }] },
      expect: {
        status: 201,
        body: { displayName: 'Tour Guides' },
        capture: { as: 'groups.guides', from: 'id' },
      },
      expectState: [{ group: '{{groups.guides}}', members: ['{{users.barbara}}'] }],
      expectEvents: ['directory.group.created', 'directory.group.user_added'],
    },
    {
      name: 'create Jim',
      method: 'POST',
      path: '/Users',
      body: {
        schemas: [CORE_USER],
        userName: 'jsmith@example.com',
        name: { givenName: 'Jim', familyName: 'Smith' },
        active: true,
      },
      expect: { status: 201, capture: { as: 'users.jim', from: 'id' } },
      expectEvents: ['directory.user.created'],
    },
    {
      name: 'add Jim',
      method: 'PATCH',
      path: '/Groups/{{groups.guides}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: '{{users.jim}}' }] }],
      },
      expect: { status: [200, 204] },
      expectEvents: ['directory.group.user_added'],
    },
    {
      name: 'adding Jim again emits nothing',
      method: 'PATCH',
      path: '/Groups/{{groups.guides}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: '{{users.jim}}' }] }],
      },
      expect: { status: [200, 204] },
      expectEvents: [],
    },
    {
      name: 'remove Jim by filter',
      method: 'PATCH',
      path: '/Groups/{{groups.guides}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members[value eq "{{users.jim}}"]' }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.guides}}', members: ['{{users.barbara}}'] }],
      expectEvents: ['directory.group.user_removed'],
    },
    {
      name: 'PUT the group with both members',
      method: 'PUT',
      path: '/Groups/{{groups.guides}}',
      body: {
        schemas: [CORE_GROUP],
        displayName: 'Tour Guides',
        members: [{ value: '{{users.barbara}}' }, { value: '{{users.jim}}' }],
      },
      expect: { status: 200, body: { id: '{{groups.guides}}', displayName: 'Tour Guides' } },
      expectState: [{ group: '{{groups.guides}}', members: ['{{users.barbara}}', '{{users.jim}}'] }],
      expectEvents: ['directory.group.user_added'],
    },
    {
      name: 'rename with a path',
      method: 'PATCH',
      path: '/Groups/{{groups.guides}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Senior Tour Guides' }],
      },
      expect: { status: [200, 204] },
      expectState: [{ group: '{{groups.guides}}', displayName: 'Senior Tour Guides' }],
      expectEvents: ['directory.group.updated'],
    },
    {
      name: 'a malformed filter is rejected',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq')}`,
      expect: { status: 400, body: { status: '400', scimType: 'invalidFilter' } },
    },
    {
      name: 'a bad PATCH path is rejected and changes nothing',
      method: 'PATCH',
      path: '/Users/{{users.barbara}}',
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'emails[type eq "work"', value: 'x@example.com' }],
      },
      expect: { status: 400, body: { status: '400', scimType: 'invalidPath' } },
      expectState: [{ user: '{{users.barbara}}', emails: ['bjensen@example.com', 'babs@jensen.org'] }],
    },
    {
      name: 'an unknown schema is rejected',
      method: 'POST',
      path: '/Users',
      body: { schemas: ['urn:example:params:scim:schemas:unknown:1.0:User'], userName: 'nobody@example.com' },
      expect: { status: 400, body: { status: '400' } },
    },
    {
      name: 'delete Jim',
      method: 'DELETE',
      path: '/Users/{{users.jim}}',
      expect: { status: 204 },
      expectState: [{ group: '{{groups.guides}}', members: ['{{users.barbara}}'] }],
      expectEvents: ['directory.group.user_removed', 'directory.user.deleted'],
    },
    {
      name: 'delete the group',
      method: 'DELETE',
      path: '/Groups/{{groups.guides}}',
      expect: { status: 204 },
      expectState: [
        { group: '{{groups.guides}}', exists: false },
        { user: '{{users.barbara}}', active: true },
      ],
      expectEvents: ['directory.group.user_removed', 'directory.group.deleted'],
    },
    {
      name: 'the group is gone',
      method: 'GET',
      path: '/Groups/{{groups.guides}}',
      expect: { status: 404, body: { status: '404' } },
    },
    {
      name: 'delete Barbara',
      method: 'DELETE',
      path: '/Users/{{users.barbara}}',
      expect: { status: 204 },
      expectEvents: ['directory.user.deleted'],
    },
    { name: 'Barbara is gone', method: 'GET', path: '/Users/{{users.barbara}}', expect: { status: 404 } },
  ],
};

export const GENERIC_SCIM_SCENARIOS: readonly ReplayScenario[] = [RFC_LIFECYCLE];
