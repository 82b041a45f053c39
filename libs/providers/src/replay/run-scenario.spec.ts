import type { ReplayScenario, ReplayStep } from './replay-scenario';
import {
  runScenario,
  type ReplayEvent,
  type ReplayFetch,
  type ReplayGroupView,
  type ReplayManagementApi,
  type ReplayUserView,
} from './run-scenario';
import { ScenarioMismatchError } from './scenario-mismatch.error';

const BASE = 'https://scim.test/scim/v2/d_1';
const SCIM_JSON = 'application/scim+json; charset=utf-8';

interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: string;
  readonly contentType?: string;
  readonly events?: readonly ReplayEvent[];
}

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** A SCIM endpoint as a plain function: each `METHOD /path` answers from the table and may emit events. */
class FakeEndpoint {
  readonly sent: SentRequest[] = [];
  readonly events: ReplayEvent[] = [];
  readonly users = new Map<string, ReplayUserView>();
  readonly groups = new Map<string, ReplayGroupView>();
  /** Events made visible only after this many more listEvents calls: the outbox relay lagging behind. */
  eventDelayCalls = 0;
  private readonly pending: ReplayEvent[] = [];

  constructor(private readonly replies: Readonly<Record<string, FakeReply>>) {}

  readonly fetch: ReplayFetch = async (url, init) => {
    this.sent.push({ url, ...init });
    const reply = this.replies[`${init.method} ${url.slice(BASE.length)}`] ?? {
      status: 404,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' },
    };
    (this.eventDelayCalls > 0 ? this.pending : this.events).push(...(reply.events ?? []));
    const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return {
      status: reply.status,
      headers: {
        get: (name: string) =>
          name.toLowerCase() === 'content-type' && text !== '' ? (reply.contentType ?? SCIM_JSON) : null,
      },
      text: async () => text,
    };
  };

  readonly managementApi: ReplayManagementApi = {
    getUser: async (id) => this.users.get(id) ?? null,
    getGroup: async (id) => this.groups.get(id) ?? null,
    listEvents: async () => {
      if (this.pending.length > 0 && --this.eventDelayCalls <= 0) this.events.push(...this.pending.splice(0));
      return [...this.events];
    },
  };

  run(scenario: ReplayScenario, eventTimeoutMs = 1000) {
    return runScenario(scenario, {
      scimBaseUrl: `${BASE}/`,
      token: 'sk_scim_test',
      managementApi: this.managementApi,
      fetch: this.fetch,
      eventTimeoutMs,
      pollIntervalMs: 1,
    });
  }
}

function scenario(steps: readonly ReplayStep[], extra: Partial<ReplayScenario> = {}): ReplayScenario {
  return {
    id: 'generic-scim.fake',
    provider: 'generic-scim',
    title: 'fake',
    source: 'test',
    steps,
    ...extra,
  };
}

const createAda: ReplayStep = {
  name: 'create Ada',
  method: 'POST',
  path: '/Users',
  body: { userName: 'ada' },
  expect: { status: 201, body: { userName: 'ada' }, capture: { as: 'users.ada', from: 'id' } },
  expectEvents: ['directory.user.created'],
};
const adaCreated: FakeReply = {
  status: 201,
  body: { id: 'u-1', userName: 'ada', active: true },
  events: [{ type: 'directory.user.created' }],
};

describe(runScenario.name, () => {
  it('replays the steps, substituting captured ids into later paths and bodies', async () => {
    const endpoint = new FakeEndpoint({
      'POST /Users': adaCreated,
      'PATCH /Groups/g-1': { status: 204, events: [{ type: 'directory.group.user_added' }] },
      'GET /Users/u-1': { status: 200, body: { id: 'u-1', userName: 'ada' } },
    });
    const steps: ReplayStep[] = [
      createAda,
      {
        name: 'add Ada',
        method: 'PATCH',
        path: '/Groups/g-1',
        body: { Operations: [{ op: 'add', path: 'members', value: [{ value: '{{users.ada}}' }] }] },
        expect: { status: [200, 204] },
        expectEvents: ['directory.group.user_added'],
      },
      {
        name: 'get Ada',
        method: 'GET',
        path: '/Users/{{users.ada}}',
        expect: { status: 200, body: { id: '{{users.ada}}' } },
      },
    ];

    const result = await endpoint.run(scenario(steps));

    expect(result.variables).toEqual({ 'users.ada': 'u-1' });
    expect(result.steps.map((step) => [step.status, step.eventTypes])).toEqual([
      [201, ['directory.user.created']],
      [204, ['directory.group.user_added']],
      [200, []],
    ]);
    expect(JSON.parse(endpoint.sent[1].body ?? '')).toEqual({
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'u-1' }] }],
    });
    expect(endpoint.sent[2].url).toBe(`${BASE}/Users/u-1`);
  });

  it("sends the bearer token, the content type and the scenario's and step's headers", async () => {
    const endpoint = new FakeEndpoint({ 'POST /Users': adaCreated });

    await endpoint.run(
      scenario([{ ...createAda, headers: { 'X-Step': 'step' } }], {
        contentType: 'application/json',
        headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' },
      }),
    );

    expect(endpoint.sent[0].headers).toEqual({
      authorization: 'Bearer sk_scim_test',
      accept: 'application/scim+json',
      'content-type': 'application/json',
      'user-agent': 'Okta SCIM Client 1.0.0',
      'x-step': 'step',
    });
  });

  it('encodes captured values substituted into a path', async () => {
    const endpoint = new FakeEndpoint({
      'POST /Users': { ...adaCreated, body: { id: 'a/b c', userName: 'ada' } },
      'GET /Users/a%2Fb%20c': { status: 200, body: { id: 'a/b c' } },
    });

    await endpoint.run(
      scenario([
        createAda,
        { name: 'get', method: 'GET', path: '/Users/{{users.ada}}', expect: { status: 200 } },
      ]),
    );

    expect(endpoint.sent[1].url).toBe(`${BASE}/Users/a%2Fb%20c`);
  });

  it('waits for events that become visible after the response', async () => {
    const endpoint = new FakeEndpoint({ 'POST /Users': adaCreated });
    endpoint.eventDelayCalls = 3;

    const result = await endpoint.run(scenario([createAda]));

    expect(result.steps[0].eventTypes).toEqual(['directory.user.created']);
  });

  it('ignores earlier events and event types that depend on configuration rather than traffic', async () => {
    const endpoint = new FakeEndpoint({
      'POST /Users': {
        ...adaCreated,
        events: [
          { type: 'directory.activated' },
          { type: 'directory.user.created' },
          { type: 'directory.user.roles_updated' },
        ],
      },
    });
    endpoint.events.push({ type: 'directory.user.created' }, { type: 'directory.group.deleted' });

    const result = await endpoint.run(scenario([createAda]));

    expect(result.steps[0].eventTypes).toEqual(['directory.user.created']);
  });

  it('matches event payloads and previous attributes as subsets', async () => {
    const endpoint = new FakeEndpoint({
      'POST /Users': adaCreated,
      'PUT /Users/u-1': {
        status: 200,
        body: { id: 'u-1', active: false },
        events: [
          {
            type: 'directory.user.deactivated',
            data: { id: 'u-1', active: false },
            previousAttributes: { active: true, title: 'x' },
          },
        ],
      },
    });
    const deactivate: ReplayStep = {
      name: 'deactivate',
      method: 'PUT',
      path: '/Users/{{users.ada}}',
      body: { active: false },
      expect: { status: 200 },
      expectEvents: [
        {
          type: 'directory.user.deactivated',
          data: { id: '{{users.ada}}' },
          previousAttributes: { active: true },
        },
      ],
    };

    const result = await endpoint.run(scenario([createAda, deactivate]));

    expect(result.steps[1].eventTypes).toEqual(['directory.user.deactivated']);
  });

  it('checks the state the management API shows', async () => {
    const endpoint = new FakeEndpoint({ 'POST /Users': adaCreated });
    endpoint.users.set('u-1', {
      id: 'u-1',
      userName: 'ada',
      active: true,
      emails: [{ value: 'ada@example.com' }],
    });
    endpoint.groups.set('g-1', { id: 'g-1', displayName: 'Engineering', memberCount: 1, memberIds: ['u-1'] });
    const step: ReplayStep = {
      ...createAda,
      expectState: [
        { user: '{{users.ada}}', active: true, userName: 'ada', emails: ['ada@example.com'] },
        { group: 'g-1', displayName: 'Engineering', memberCount: 1, members: ['{{users.ada}}'] },
        { user: 'u-404', exists: false },
      ],
    };

    await expect(endpoint.run(scenario([step]))).resolves.toMatchObject({ scenarioId: 'generic-scim.fake' });
  });

  it.each<[string, ReplayStep, FakeReply, string]>([
    [
      'an unexpected status',
      createAda,
      { status: 500, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' } },
      'expected status 201; POST',
    ],
    [
      'a response that is not SCIM JSON',
      createAda,
      { ...adaCreated, contentType: 'application/json' },
      'content type "application/json"',
    ],
    ['a body that is not JSON', createAda, { status: 201, raw: '<html>' }, 'not JSON'],
    [
      'a body mismatch',
      { ...createAda, expect: { ...createAda.expect, body: { active: false } } },
      adaCreated,
      'body mismatch at $.active: expected false, got true',
    ],
    [
      'a value that should be absent',
      { ...createAda, expect: { ...createAda.expect, absent: ['password'] } },
      { ...adaCreated, body: { id: 'u-1', userName: 'ada', password: 'x' } },
      'password should be absent but is "x"',
    ],
    [
      'a numeric id',
      createAda,
      { ...adaCreated, body: { id: 7, userName: 'ada' } },
      'cannot capture {{users.ada}}: id is 7, expected a non-empty string',
    ],
    [
      'an error body without the SCIM error schema',
      { ...createAda, expect: { status: 409 }, expectEvents: undefined },
      { status: 409, body: { message: 'conflict' } },
      'not a SCIM error',
    ],
    [
      'an event that should not happen',
      {
        name: 'unchanged PUT',
        method: 'PUT',
        path: '/Users/u-1',
        body: { userName: 'ada' },
        expect: { status: 200 },
        expectEvents: [],
      },
      { status: 200, body: { id: 'u-1' }, events: [{ type: 'directory.user.updated' }] },
      'expected events [], got ["directory.user.updated"]',
    ],
    [
      'a missing event',
      createAda,
      { ...adaCreated, events: [] },
      'expected events ["directory.user.created"], got []',
    ],
    [
      'events in another order',
      {
        name: 'swap members',
        method: 'PATCH',
        path: '/Groups/g-1',
        body: { Operations: [] },
        expect: { status: 204 },
        expectEvents: ['directory.group.user_removed', 'directory.group.user_added'],
      },
      {
        status: 204,
        events: [{ type: 'directory.group.user_added' }, { type: 'directory.group.user_removed' }],
      },
      'got ["directory.group.user_added","directory.group.user_removed"]',
    ],
    [
      'an event without previous attributes',
      {
        name: 'deactivate',
        method: 'PUT',
        path: '/Users/u-1',
        body: { active: false },
        expect: { status: 200 },
        expectEvents: [{ type: 'directory.user.deactivated', previousAttributes: {} }],
      },
      { status: 200, body: { id: 'u-1' }, events: [{ type: 'directory.user.deactivated' }] },
      'no directory.user.deactivated event matches',
    ],
    [
      'a user that does not exist',
      { ...createAda, expectState: [{ user: '{{users.ada}}', active: true }] },
      adaCreated,
      'management API user {{users.ada}} (u-1) does not exist',
    ],
  ])('stops at %s', async (_title, step, reply, message) => {
    const key = `${step.method} ${step.path}`;
    const endpoint = new FakeEndpoint({ [key]: reply, 'GET /Users': { status: 200, body: {} } });
    const after: ReplayStep = { name: 'never sent', method: 'GET', path: '/Users', expect: { status: 200 } };

    const run = endpoint.run(scenario([step, after]), 50);

    await expect(run).rejects.toThrow(ScenarioMismatchError);
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.toMatchObject({
      scenarioId: 'generic-scim.fake',
      stepIndex: 0,
      stepName: step.name,
    });
    expect(endpoint.sent).toHaveLength(1);
  });

  it.each<[string, (endpoint: FakeEndpoint) => void, ReplayStep['expectState'], string]>([
    [
      'an inactive user expected active',
      (e) => e.users.set('u-1', { id: 'u-1', userName: 'ada', active: false, emails: [] }),
      [{ user: '{{users.ada}}', active: true }],
      'active is false, expected true',
    ],
    [
      'a user that should be gone',
      (e) => e.users.set('u-1', { id: 'u-1', userName: 'ada', active: true, emails: [] }),
      [{ user: '{{users.ada}}', exists: false }],
      'should not exist',
    ],
    [
      'other emails',
      (e) => e.users.set('u-1', { id: 'u-1', userName: 'ada', active: true, emails: [] }),
      [{ user: '{{users.ada}}', emails: ['ada@example.com'] }],
      'emails are [], expected ["ada@example.com"]',
    ],
    [
      'another member count',
      (e) => e.groups.set('g-1', { id: 'g-1', displayName: 'G', memberCount: 2 }),
      [{ group: 'g-1', memberCount: 1 }],
      'memberCount is 2, expected 1',
    ],
    [
      'members without memberIds to compare',
      (e) => e.groups.set('g-1', { id: 'g-1', displayName: 'G', memberCount: 1 }),
      [{ group: 'g-1', members: ['{{users.ada}}'] }],
      'gave no memberIds',
    ],
    [
      'another display name',
      (e) => e.groups.set('g-1', { id: 'g-1', displayName: 'G', memberCount: 0 }),
      [{ group: 'g-1', displayName: 'H' }],
      'displayName is "G", expected "H"',
    ],
  ])('reports state: %s', async (_title, arrange, expectState, message) => {
    const endpoint = new FakeEndpoint({ 'POST /Users': adaCreated });
    arrange(endpoint);

    await expect(endpoint.run(scenario([{ ...createAda, expectState }]))).rejects.toThrow(message);
  });

  it('rejects invalid scenario data before sending anything', async () => {
    const endpoint = new FakeEndpoint({});

    await expect(
      endpoint.run(
        scenario([{ name: 'get', method: 'GET', path: '/Users/{{users.x}}', expect: { status: 200 } }]),
      ),
    ).rejects.toThrow('Invalid scenario generic-scim.fake');
    expect(endpoint.sent).toHaveLength(0);
  });
});
