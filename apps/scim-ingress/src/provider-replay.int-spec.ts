import { REPLAY_SCENARIOS, runScenario } from '@scimflow/providers';
import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  managementApiClient,
  ServiceProcess,
  testDatabase,
  uniqueName,
  type ManagementApiClient,
} from '@scimflow/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Identity-provider traffic (libs/providers/src/replay) replayed over HTTP against the distributed pipeline:
// scim-ingress → Kafka → directory-service → Postgres, each service its own process started from dist/.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'replay-admin-key-0123456789';

describe('identity-provider replays (distributed: Kafka + Postgres)', () => {
  let databaseUrl = '';
  let directoryService: ServiceProcess;
  let ingress: ServiceProcess;
  let api: ManagementApiClient;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
    databaseUrl = await testDatabase('replay');
    const [directoryPort, ingressPort] = [await freePort(), await freePort()];
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('replay').replace(/[^A-Za-z0-9_-]/g, '-'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
      LOG_LEVEL: 'warn',
    };
    directoryService = new ServiceProcess('directory-service', `http://127.0.0.1:${directoryPort}`, {
      ...common,
      PORT: String(directoryPort),
    });
    ingress = new ServiceProcess('scim-ingress', `http://127.0.0.1:${ingressPort}`, {
      ...common,
      PORT: String(ingressPort),
      DIRECTORY_SERVICE_URL: directoryService.url,
      // Replays revoke nothing, so token checks may be cached as in production.
    });
    await Promise.all([directoryService.ready(150_000), ingress.ready(150_000)]);
    api = managementApiClient(directoryService.url, ADMIN_API_KEY);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([ingress?.stop(), directoryService?.stop()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
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
