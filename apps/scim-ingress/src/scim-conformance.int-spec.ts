import { scimConformanceSuite, startDistributedScim, type DistributedScim } from '@scimflow/testing';

// scimflow's SCIM conformance suite (libs/testing/src/lib/conformance) against the distributed pipeline:
// scim-ingress → Kafka → directory-service → Postgres, each service its own process started from dist/.
const ADMIN_API_KEY = 'conformance-admin-key-0123456789';

describe('SCIM 2.0 conformance (distributed: Kafka + Postgres)', () => {
  let services: DistributedScim;

  beforeAll(async () => {
    services = await startDistributedScim('conformance', { adminApiKey: ADMIN_API_KEY });
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  scimConformanceSuite(() => ({ managementUrl: services.directoryService.url, adminApiKey: ADMIN_API_KEY }));
});
