export * from './catalog/provider-id';
export * from './catalog/providers';
export type {
  NormalizationDirectives,
  NormalizationNote,
  NormalizationProfile,
  NormalizationWarning,
  NormalizedScimRequest,
  ScimRequest,
  ScimResourceType,
} from './normalization/scim-request';
export { QUIRKS, type QuirkCode, type QuirkDefinition } from './normalization/quirks';
export { detectProvider, ENTRA_COMPLIANCE_FLAG } from './normalization/detect-provider';
export { getProfile, normalizeScimRequest, PROFILES } from './normalization/normalize-scim-request';
export type * from './replay/replay-scenario';
export { REPLAY_EVENT_TYPES } from './replay/replay-events';
export { validateScenario } from './replay/validate-scenario';
export {
  runScenario,
  type ReplayEvent,
  type ReplayFetch,
  type ReplayGroupView,
  type ReplayHttpResponse,
  type ReplayManagementApi,
  type ReplayStepResult,
  type ReplayUserView,
  type RunScenarioOptions,
  type ScenarioRunResult,
} from './replay/run-scenario';
export { ScenarioMismatchError } from './replay/scenario-mismatch.error';
export { REPLAY_SCENARIOS, getReplayScenario } from './replay/replay-scenarios';
