import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  seedFlowScenario,
  ServiceProcess,
  testDatabase,
  uniqueName,
} from '@scimflow/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';

// The seed flow across the distributed services, each its own process from dist/: scim-ingress,
// directory-service, role-mapping-service and webhook-dispatcher on a real Kafka and a real Postgres.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'seed-flow-admin-key-0123456789';

describe('the seed flow across the distributed services (Kafka + Postgres)', () => {
  let databaseUrl = '';
  const services: Record<string, ServiceProcess> = {};

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
    databaseUrl = await testDatabase('seed_flow');
    const ports = {
      directory: await freePort(),
      ingress: await freePort(),
      roles: await freePort(),
      webhooks: await freePort(),
    };
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('seed').replace(/[^A-Za-z0-9_-]/g, '-'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PUBLIC_URL: `http://127.0.0.1:${ports.ingress}`,
      LOG_LEVEL: 'warn',
    };
    services['directory-service'] = new ServiceProcess(
      'directory-service',
      `http://127.0.0.1:${ports.directory}`,
      {
        ...common,
        PORT: String(ports.directory),
      },
    );
    // Each service migrates its own schema: start the one owning the directory tables first.
    await services['directory-service'].ready(150_000);
    services['scim-ingress'] = new ServiceProcess('scim-ingress', `http://127.0.0.1:${ports.ingress}`, {
      ...common,
      PORT: String(ports.ingress),
      DIRECTORY_SERVICE_URL: services['directory-service'].url,
    });
    services['role-mapping-service'] = new ServiceProcess(
      'role-mapping-service',
      `http://127.0.0.1:${ports.roles}`,
      {
        ...common,
        PORT: String(ports.roles),
      },
    );
    services['webhook-dispatcher'] = new ServiceProcess(
      'webhook-dispatcher',
      `http://127.0.0.1:${ports.webhooks}`,
      {
        ...common,
        PORT: String(ports.webhooks),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '0s,200ms,200ms',
      },
    );
    await Promise.all(Object.values(services).map((service) => service.ready(150_000)));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 90_000);

  seedFlowScenario(
    () => ({
      adminApiKey: ADMIN_API_KEY,
      directoryApiUrl: services['directory-service']!.url,
      roleMappingApiUrl: services['role-mapping-service']!.url,
      webhookApiUrl: services['webhook-dispatcher']!.url,
    }),
    { settleMs: 30_000, deliveryMs: 30_000 },
  );
});
