import type { ReplayScenario, ReplayStep } from './replay-scenario';
import { validateScenario } from './validate-scenario';

const createUser: ReplayStep = {
  name: 'create',
  method: 'POST',
  path: '/Users',
  body: { userName: 'a' },
  expect: { status: 201, capture: { as: 'users.a', from: 'id' } },
  expectEvents: ['directory.user.created'],
};

function scenario(steps: readonly ReplayStep[]): ReplayScenario {
  return { id: 'generic-scim.test', provider: 'generic-scim', title: 't', source: 's', steps };
}

describe(validateScenario.name, () => {
  it('accepts a consistent scenario', () => {
    expect(
      validateScenario(
        scenario([
          { ...createUser, expectState: [{ user: '{{users.a}}', active: true }] },
          { name: 'get', method: 'GET', path: '/Users/{{users.a}}', expect: { status: 200 } },
          { name: 'bad', method: 'GET', path: '/Users?filter=x', expect: { status: 400 } },
          {
            name: 'delete',
            method: 'DELETE',
            path: '/Users/{{users.a}}',
            expect: { status: 204 },
            expectState: [{ user: '{{users.a}}', exists: false }],
            expectEvents: ['directory.group.user_removed', 'directory.user.deleted'],
          },
        ]),
      ),
    ).toEqual([]);
  });

  it.each<[string, ReplayScenario, string]>([
    [
      'an id without its provider prefix',
      { ...scenario([createUser]), id: 'test' },
      'must start with "generic-scim."',
    ],
    ['no steps', scenario([]), 'no steps'],
    [
      'two steps with one name',
      scenario([createUser, { ...createUser, expect: { status: 201 } }]),
      'duplicate step name',
    ],
    [
      'a placeholder used before its capture',
      scenario([
        { name: 'get', method: 'GET', path: '/Users/{{users.a}}', expect: { status: 200 } },
        createUser,
      ]),
      '{{users.a}} is used before any step captures it',
    ],
    [
      'a placeholder in a body that nothing captures',
      scenario([{ ...createUser, body: { userName: '{{users.b}}' } }]),
      '{{users.b}} is used before',
    ],
    [
      'a placeholder in the expected body of the step that captures it',
      scenario([{ ...createUser, expect: { ...createUser.expect, body: { id: '{{users.a}}' } } }]),
      '{{users.a}} is used before',
    ],
    [
      'a placeholder in a state expectation that nothing captures',
      scenario([{ ...createUser, expectState: [{ user: '{{users.b}}' }] }]),
      '{{users.b}} is used before',
    ],
    [
      'a status implausible for the method',
      scenario([{ ...createUser, expect: { status: 200 } }]),
      'status 200 is implausible for POST',
    ],
    [
      'success mixed with an error',
      scenario([{ ...createUser, expect: { status: [201, 409] } }]),
      'mixes success and error statuses',
    ],
    [
      'a GET with a body',
      scenario([{ name: 'get', method: 'GET', path: '/Users', body: {}, expect: { status: 200 } }]),
      'GET must not carry a body',
    ],
    [
      'a PUT without a body',
      scenario([{ name: 'put', method: 'PUT', path: '/Users/x', expect: { status: 200 }, expectEvents: [] }]),
      'PUT needs a body',
    ],
    ['a relative path', scenario([{ ...createUser, path: 'Users' }]), 'must start with a single "/"'],
    [
      'a successful write without events',
      scenario([{ ...createUser, expectEvents: undefined }]),
      'must state its events',
    ],
    [
      'events on a rejected request',
      scenario([{ ...createUser, expect: { status: 409 }, expectEvents: ['directory.user.created'] }]),
      'rejected requests emit no events',
    ],
    [
      'a capture from a 204',
      scenario([
        {
          name: 'patch',
          method: 'PATCH',
          path: '/Groups/x',
          body: {},
          expect: { status: [200, 204], capture: { as: 'x', from: 'id' } },
          expectEvents: [],
        },
      ]),
      'captures from a response that may have no body',
    ],
    [
      'a user creation with other events',
      scenario([{ ...createUser, expectEvents: ['directory.user.updated'] }]),
      'emits exactly user.created',
    ],
    [
      'a group deletion ending with something else',
      scenario([
        {
          name: 'delete',
          method: 'DELETE',
          path: '/Groups/x',
          expect: { status: 204 },
          expectEvents: ['directory.group.deleted', 'directory.group.user_removed'],
        },
      ]),
      'user_removed per member, then group.deleted',
    ],
    [
      'a user deletion without user.deleted',
      scenario([
        { name: 'delete', method: 'DELETE', path: '/Users/x', expect: { status: 204 }, expectEvents: [] },
      ]),
      'user_removed per group, then user.deleted',
    ],
    [
      'a group creation that adds members first',
      scenario([
        {
          name: 'create',
          method: 'POST',
          path: '/Groups',
          body: {},
          expect: { status: 201 },
          expectEvents: ['directory.group.user_added', 'directory.group.created'],
        },
      ]),
      'group.created, then user_added per member',
    ],
    [
      'one change reported as both updated and deactivated',
      scenario([
        {
          name: 'put',
          method: 'PUT',
          path: '/Users/x',
          body: {},
          expect: { status: 200 },
          expectEvents: ['directory.user.updated', 'directory.user.deactivated'],
        },
      ]),
      'not several',
    ],
    [
      'an event type outside the catalog',
      scenario([
        {
          name: 'put',
          method: 'PUT',
          path: '/Users/x',
          body: {},
          expect: { status: 200 },
          expectEvents: ['directory.user.renamed' as never],
        },
      ]),
      'unknown event type "directory.user.renamed"',
    ],
  ])('reports %s', (_title, invalid, problem) => {
    expect(validateScenario(invalid).join('\n')).toContain(problem);
  });
});
