import { REPLAY_SCENARIOS, runScenario } from '@scimflow/providers';
import {
  managementApiClient,
  startDistributedScim,
  uniqueName,
  type DistributedScim,
  type ManagementApiClient,
} from '@scimflow/testing';

// Identity-provider traffic (libs/providers/src/replay) replayed over HTTP against the distributed pipeline:
// scim-ingress → Kafka → directory-service → Postgres, each service its own process started from dist/.
// Replays revoke nothing, so token checks are cached as in production.
const ADMIN_API_KEY = 'replay-admin-key-0123456789';

describe('identity-provider replays (distributed: Kafka + Postgres)', () => {
  let services: DistributedScim;
  let api: ManagementApiClient;

  beforeAll(async () => {
    services = await startDistributedScim('replay', { adminApiKey: ADMIN_API_KEY });
    api = managementApiClient(services.directoryService.url, ADMIN_API_KEY);
  }, 240_000);

  afterAll(async () => {
    await services?.stop();
  }, 60_000);

  it.each(REPLAY_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    '%s',
    async (_id, scenario) => {
      const organization = await api.createOrganization(uniqueName('Replay'));
      const directory = await api.createDirectory(organization.id, scenario.provider);
      await runScenario(scenario, {
        scimBaseUrl: directory.endpointUrl,
        token: directory.bearerToken,
        managementApi: api.forDirectory(directory.id),
        eventTimeoutMs: 15_000,
      });
    },
  );
});
