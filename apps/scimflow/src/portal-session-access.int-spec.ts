import { freePort, portalSessionAccessScenario } from '@scimflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, type EmbeddedInstance } from './bootstrap';

// A customer's IT admin arrives through a magic link: the session it opens reads and runs its own organization
// (directories, users, groups, roles, request log, events) on every service of the embedded process, and
// reaches neither another organization nor the operator's routes.
const ADMIN_API_KEY = 'portal-access-admin-key-0123456789';

describe('portal sessions across the management API (embedded mode)', () => {
  let instance: EmbeddedInstance;
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-portal-access-'));
    const port = await freePort();
    instance = await bootstrap(
      {
        DATA_DIR: dataDir,
        // A real port: the portal checks an organization exists through this process's own API.
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ADMIN_API_KEY,
        PORTAL_SESSION_TTL_SECONDS: '600',
      },
      { handleSignals: false },
    );
    baseUrl = `http://127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    await instance?.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  portalSessionAccessScenario({
    adminApiKey: ADMIN_API_KEY,
    settle: { timeoutMs: 15_000, readsAreEventual: false },
    baseUrl: () => baseUrl,
    // PUBLIC_URL is not set here: the directory's SCIM endpoint is reached on this process's own port.
    scimUrl: (endpointUrl) => `${baseUrl}${new URL(endpointUrl).pathname}`,
  });
});
