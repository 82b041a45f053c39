import { ENTRA_ID_SCENARIOS } from './entra-id.scenario';
import { GENERIC_SCIM_SCENARIOS } from './generic-scim.scenario';
import { JUMPCLOUD_SCENARIOS } from './jumpcloud.scenario';
import { OKTA_SCENARIOS } from './okta.scenario';
import { ONELOGIN_SCENARIOS } from './onelogin.scenario';
import type { ReplayScenario } from './replay-scenario';

/** Every replay scenario. Run each against a fresh directory: they create fixed userNames and group names. */
export const REPLAY_SCENARIOS: readonly ReplayScenario[] = [
  ...JUMPCLOUD_SCENARIOS,
  ...OKTA_SCENARIOS,
  ...ENTRA_ID_SCENARIOS,
  ...ONELOGIN_SCENARIOS,
  ...GENERIC_SCIM_SCENARIOS,
];

/** The scenario with this id. */
export function getReplayScenario(id: string): ReplayScenario {
  const scenario = REPLAY_SCENARIOS.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`Unknown replay scenario "${id}"`);
  return scenario;
}
