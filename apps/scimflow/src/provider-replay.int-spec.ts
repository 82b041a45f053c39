import { REPLAY_SCENARIOS, runScenario } from '@scimflow/providers';
import { managementApiClient, uniqueName, type ManagementApiClient } from '@scimflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, type EmbeddedInstance } from './bootstrap';

// Identity-provider traffic (libs/providers/src/replay: JumpCloud, Entra ID, Okta, OneLogin, generic SCIM),
// replayed over HTTP against the embedded product; each step checks the answer, the stored state read back
// through the management API, and the events it emitted.
describe('identity-provider replays (embedded mode)', () => {
  let instance: EmbeddedInstance;
  let dataDir: string;
  let api: ManagementApiClient;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-replay-'));
    instance = await bootstrap(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ADMIN_API_KEY: 'replay-admin-key-0123456789' },
      { handleSignals: false },
    );
    const port = (instance.app.getHttpServer().address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    api = managementApiClient(baseUrl, instance.settings.adminApiKey);
  }, 120_000);

  afterAll(async () => {
    await instance?.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it.each(REPLAY_SCENARIOS.map((scenario) => [scenario.id, scenario] as const))(
    '%s',
    async (_id, scenario) => {
      const organization = await api.createOrganization(uniqueName('Replay'));
      const directory = await api.createDirectory(organization.id, scenario.provider);
      // endpointUrl is built from PUBLIC_URL; the test reaches the same path on its own port.
      const scimBaseUrl = `${baseUrl}${new URL(directory.endpointUrl).pathname}`;
      await runScenario(scenario, {
        scimBaseUrl,
        token: directory.bearerToken,
        managementApi: api.forDirectory(directory.id),
        eventTimeoutMs: 10_000,
      });
    },
  );
});
