import { scimConformanceSuite } from '@scimflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, type EmbeddedInstance } from './bootstrap';

// scimflow's SCIM conformance suite (libs/testing/src/lib/conformance) against the embedded product: one
// process, the in-process bus, the embedded PostgreSQL.
const ADMIN_API_KEY = 'conformance-admin-key-0123456789';

describe('SCIM 2.0 conformance (embedded mode)', () => {
  let instance: EmbeddedInstance;
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-conformance-'));
    instance = await bootstrap(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ADMIN_API_KEY },
      { handleSignals: false },
    );
    baseUrl = `http://127.0.0.1:${(instance.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await instance?.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  scimConformanceSuite(() => ({
    managementUrl: baseUrl,
    adminApiKey: ADMIN_API_KEY,
    // Started on port 0, the process cannot know its public URL: the directory's endpoint is reached here.
    scimUrl: (endpointUrl) => `${baseUrl}${new URL(endpointUrl).pathname}`,
  }));
});
