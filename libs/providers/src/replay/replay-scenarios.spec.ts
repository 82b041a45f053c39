import { PROVIDER_IDS, type ProviderId } from '../catalog/provider-id';
import { normalizeScimRequest } from '../normalization/normalize-scim-request';
import type { QuirkCode } from '../normalization/quirks';
import type { ScimRequest } from '../normalization/scim-request';
import { placeholdersIn, placeholdersInJson, substitute, substituteJson } from './placeholders';
import type { ReplayScenario, ReplayStep } from './replay-scenario';
import { getReplayScenario, REPLAY_SCENARIOS } from './replay-scenarios';
import { validateScenario } from './validate-scenario';

/** The request a step sends, as the ingress would hand it to normalization, with made-up ids. */
function requestOf(scenario: ReplayScenario, step: ReplayStep): ScimRequest {
  const names = [...placeholdersIn(step.path), ...placeholdersInJson(step.body)];
  const ids = new Map(names.map((name) => [name, `id-of-${name}`]));
  const url = new URL(`https://scim.test${substitute(step.path, ids, encodeURIComponent)}`);
  const pathSegments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeURIComponent);
  const headers = Object.fromEntries(
    Object.entries({ ...scenario.headers, ...step.headers }).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  return {
    method: step.method,
    resourceType: pathSegments[0] === 'Groups' ? 'Group' : 'User',
    pathSegments,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: step.body === undefined ? undefined : substituteJson(step.body, ids),
  };
}

function quirksOf(scenario: ReplayScenario, profile: ProviderId): Set<QuirkCode> {
  return new Set(
    scenario.steps.flatMap((step) =>
      normalizeScimRequest(requestOf(scenario, step), profile).notes.map((note) => note.code),
    ),
  );
}

const scenarioCases = REPLAY_SCENARIOS.map((scenario) => [scenario.id, scenario] as const);

describe('REPLAY_SCENARIOS', () => {
  it('have unique ids', () => {
    const ids = REPLAY_SCENARIOS.map((scenario) => scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cover every provider whose traffic is documented', () => {
    expect(new Set(REPLAY_SCENARIOS.map((scenario) => scenario.provider))).toEqual(
      new Set<ProviderId>(['jumpcloud', 'okta', 'entra-id', 'onelogin', 'generic-scim']),
    );
  });

  it.each(scenarioCases)('%s is valid scenario data', (_id, scenario) => {
    expect(validateScenario(scenario)).toEqual([]);
  });

  it.each(scenarioCases)('%s only sends quirks its own provider is known for', (_id, scenario) => {
    for (const step of scenario.steps) {
      const result = normalizeScimRequest(requestOf(scenario, step), scenario.provider);
      expect({ step: step.name, warnings: result.warnings }).toEqual({ step: step.name, warnings: [] });
    }
  });

  it.each(scenarioCases)('%s normalizes to a fixed point under every profile', (_id, scenario) => {
    for (const step of scenario.steps) {
      for (const profile of PROVIDER_IDS) {
        const first = normalizeScimRequest(requestOf(scenario, step), profile);
        const second = normalizeScimRequest(first, profile);
        expect({ step: step.name, profile, notes: second.notes }).toEqual({
          step: step.name,
          profile,
          notes: [],
        });
        expect(second.body).toEqual(first.body);
      }
    }
  });

  it.each<[string, QuirkCode[]]>([
    ['jumpcloud.test-connection', ['emails-null-preserved']],
    ['jumpcloud.user-lifecycle', ['emails-null-preserved']],
    ['okta.user-lifecycle', ['password-stripped', 'read-only-groups-dropped']],
    ['okta.group-push', ['group-id-in-value-dropped', 'password-stripped', 'read-only-groups-dropped']],
    ['entra-id.test-connection', ['entra-query-flag']],
    [
      'entra-id.legacy-patch-lifecycle',
      ['entra-adscim-schema', 'member-null-ref', 'op-case', 'string-boolean'],
    ],
    ['entra-id.compliant-patch-lifecycle', ['attribute-path-keys', 'entra-query-flag']],
    ['onelogin.json-template', ['scim11-urn', 'single-object-multi-valued']],
    ['generic-scim.rfc-lifecycle', []],
  ])('%s exercises exactly the quirks %j', (id, quirks) => {
    expect([...quirksOf(getReplayScenario(id), 'generic-scim')].sort()).toEqual(quirks);
  });

  it('replays all three member-removal forms of JumpCloud', () => {
    const steps = getReplayScenario('jumpcloud.membership-churn').steps;
    const removals = steps.filter((step) => step.expectEvents?.includes('directory.group.user_removed'));

    expect(removals.map((step) => [step.method, JSON.stringify(step.body)])).toEqual([
      ['PATCH', expect.stringContaining('"op":"remove","path":"members","value"')],
      ['PATCH', expect.stringContaining('"path":"members[value eq')],
      ['PUT', expect.stringContaining('"members":[{"value":"{{users.ada}}"}]')],
    ]);
  });

  it('never deletes a group on JumpCloud disassociation', () => {
    for (const id of [
      'jumpcloud.disassociation-per-member',
      'jumpcloud.disassociation-single-put',
      'jumpcloud.disassociation-replace-empty',
    ]) {
      const steps = getReplayScenario(id).steps;
      const unbindEnd = steps.findIndex((step) => step.name === 'the group is left in place, empty');
      expect(steps.slice(0, unbindEnd).some((step) => step.method === 'DELETE')).toBe(false);
      expect(steps[unbindEnd].expectState).toContainEqual({ group: '{{groups.platform}}', memberCount: 0 });
    }
  });
});

describe(getReplayScenario.name, () => {
  it('throws on an unknown id', () => {
    expect(() => getReplayScenario('okta.nothing')).toThrow('Unknown replay scenario "okta.nothing"');
  });
});
