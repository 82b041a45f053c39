import * as providers from './index';

describe('@scimflow/providers', () => {
  it('exposes exactly its public runtime API', () => {
    expect(Object.keys(providers).sort()).toEqual([
      'ENTRA_COMPLIANCE_FLAG',
      'PROFILES',
      'PROVIDERS',
      'PROVIDER_IDS',
      'QUIRKS',
      'REPLAY_EVENT_TYPES',
      'REPLAY_SCENARIOS',
      'ScenarioMismatchError',
      'detectProvider',
      'getProfile',
      'getProvider',
      'getReplayScenario',
      'isProviderId',
      'normalizeScimRequest',
      'runScenario',
      'validateScenario',
    ]);
  });
});
