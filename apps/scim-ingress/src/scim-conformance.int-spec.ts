import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  scimConformanceSuite,
  ServiceProcess,
  testDatabase,
  uniqueName,
} from '@scimflow/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// scimflow's SCIM conformance suite (libs/testing/src/lib/conformance) against the distributed pipeline:
// scim-ingress → Kafka → directory-service → Postgres, each service its own process started from dist/.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'conformance-admin-key-0123456789';

describe('SCIM 2.0 conformance (distributed: Kafka + Postgres)', () => {
  let databaseUrl = '';
  let directoryService: ServiceProcess;
  let ingress: ServiceProcess;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
    databaseUrl = await testDatabase('conformance');
    const [directoryPort, ingressPort] = [await freePort(), await freePort()];
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('conformance').replace(/[^A-Za-z0-9_-]/g, '-'),
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
    });
    await Promise.all([directoryService.ready(150_000), ingress.ready(150_000)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([ingress?.stop(), directoryService?.stop()]);
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 60_000);

  scimConformanceSuite(() => ({ managementUrl: directoryService.url, adminApiKey: ADMIN_API_KEY }));
});
