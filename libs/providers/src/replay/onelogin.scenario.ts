import type { ReplayJson, ReplayScenario } from './replay-scenario';
import { ENTERPRISE_USER, LIST_RESPONSE } from './scim-literals';

// OneLogin sends what its admin-written JSON template produces. The notes ([S23], §8) document the SCIM 1.1
// core URN and an `emails` object in OneLogin's own sample; the update verb is not confirmed (INF: PUT).

function template(options: { id?: string; active?: boolean; department?: string }): ReplayJson {
  return {
    schemas: ['urn:scim:schemas:core:1.0', 'urn:scim:schemas:extension:enterprise:1.0'],
    ...(options.id === undefined ? {} : { id: options.id }),
    userName: 'joan.clarke@acme.example',
    name: { givenName: 'Joan', familyName: 'Clarke', formatted: 'Joan Clarke' },
    emails: { value: 'joan.clarke@acme.example', type: 'work', primary: true },
    active: options.active ?? true,
    'urn:scim:schemas:extension:enterprise:1.0': { department: options.department ?? 'Hut 8' },
  };
}

const JSON_TEMPLATE: ReplayScenario = {
  id: 'onelogin.json-template',
  provider: 'onelogin',
  title:
    'A SCIM 1.1 JSON template with an emails object: connection check, create, lookups, update, suspend, delete',
  source: 'notes §8 (OneLogin column, [S23]); the update and suspend verbs are INF',
  contentType: 'application/json',
  steps: [
    {
      name: 'enable the API connection: look up a user that does not exist',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "onelogin-connection-check@acme.example"')}`,
      expect: { status: 200, body: { schemas: [LIST_RESPONSE], totalResults: 0 } },
    },
    {
      name: 'create the user from the template',
      method: 'POST',
      path: '/Users',
      body: template({}),
      expect: {
        status: 201,
        body: {
          userName: 'joan.clarke@acme.example',
          emails: [{ value: 'joan.clarke@acme.example' }],
          [ENTERPRISE_USER]: { department: 'Hut 8' },
        },
        capture: { as: 'users.joan', from: 'id' },
      },
      expectState: [{ user: '{{users.joan}}', active: true, emails: ['joan.clarke@acme.example'] }],
      expectEvents: ['directory.user.created'],
    },
    {
      name: 'the user is stored under the SCIM 2.0 schema',
      method: 'GET',
      path: '/Users/{{users.joan}}',
      expect: { status: 200, body: { id: '{{users.joan}}', userName: 'joan.clarke@acme.example' } },
    },
    {
      name: 'the lookup ignores the case of userName',
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('userName eq "Joan.Clarke@ACME.example"')}`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: '{{users.joan}}' }] } },
    },
    {
      name: 'update the user from the template',
      method: 'PUT',
      path: '/Users/{{users.joan}}',
      body: template({ id: '{{users.joan}}', department: 'Hut 4' }),
      expect: { status: 200, body: { id: '{{users.joan}}', [ENTERPRISE_USER]: { department: 'Hut 4' } } },
      expectEvents: ['directory.user.updated'],
    },
    {
      name: 'suspend the user',
      method: 'PUT',
      path: '/Users/{{users.joan}}',
      body: template({ id: '{{users.joan}}', active: false, department: 'Hut 4' }),
      expect: {
        status: 200,
        body: { id: '{{users.joan}}', active: false, emails: [{ value: 'joan.clarke@acme.example' }] },
      },
      expectState: [{ user: '{{users.joan}}', active: false }],
      expectEvents: ['directory.user.deactivated'],
    },
    {
      name: 'delete the user',
      method: 'DELETE',
      path: '/Users/{{users.joan}}',
      expect: { status: 204 },
      expectState: [{ user: '{{users.joan}}', exists: false }],
      expectEvents: ['directory.user.deleted'],
    },
  ],
};

export const ONELOGIN_SCENARIOS: readonly ReplayScenario[] = [JSON_TEMPLATE];
