import { seedFlowScenario } from '@scimflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, type EmbeddedInstance } from './bootstrap';

// The product in one breath, embedded: an organization connects JumpCloud, which provisions users and a
// group; the group is mapped to an application role; then the group is disassociated from the app in
// JumpCloud (every member removed, the users deactivated), and access is revoked while the group stays.
const ADMIN_API_KEY = 'seed-flow-admin-key-0123456789';

describe('the seed flow: JumpCloud provisioning by group, roles, disassociation (embedded mode)', () => {
  let instance: EmbeddedInstance;
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-seed-'));
    instance = await bootstrap(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'warn',
        ADMIN_API_KEY,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '0s,200ms,200ms',
      },
      { handleSignals: false },
    );
    baseUrl = `http://127.0.0.1:${(instance.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await instance?.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  seedFlowScenario(
    () => ({
      adminApiKey: ADMIN_API_KEY,
      directoryApiUrl: baseUrl,
      roleMappingApiUrl: baseUrl,
      webhookApiUrl: baseUrl,
      // Started on port 0, the process cannot know its public URL: the directory's endpoint is reached here.
      scimUrl: (endpointUrl) => `${baseUrl}${new URL(endpointUrl).pathname}`,
    }),
    { settleMs: 15_000, deliveryMs: 20_000 },
  );
});
