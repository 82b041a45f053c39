export { waitFor, type WaitForOptions } from './lib/wait-for';
export { uniqueName } from './lib/unique-name';
export { testDatabase, dropTestDatabase } from './lib/test-database';
export { databaseUrl, kafkaBrokers, testRunId } from './lib/test-services';
export { httpJson, type HttpJsonInit, type HttpJsonResponse } from './lib/http-json';
export {
  managementApiClient,
  type DirectoryReader,
  type ManagementApiClient,
} from './lib/management-api-client';
export { freePort, ServiceProcess } from './lib/service-process';
export {
  startDistributedScim,
  type DistributedScim,
  type DistributedScimOptions,
} from './lib/distributed-scim';
export { embeddedPostgresProcesses } from './lib/embedded-postgres-processes';
export {
  seedFlowScenario,
  type SeedFlowTarget,
  type SeedFlowTimeouts,
} from './lib/scenarios/seed-flow.scenario';
export {
  portalSessionAccessScenario,
  type PortalSessionAccessSetup,
} from './lib/scenarios/portal-session-access.scenario';
export { scimConformanceSuite } from './lib/conformance/scim-conformance.suite';
export { expectRateLimitedPerDirectory } from './lib/conformance/rate-limit.check';
export {
  newDirectory,
  type ConformanceDirectory,
  type ConformanceTarget,
} from './lib/conformance/conformance-client';
export { managementApiSuite, type ManagementApiTarget } from './lib/management/management-api.suite';
