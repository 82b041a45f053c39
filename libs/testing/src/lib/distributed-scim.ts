import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, ServiceProcess } from './service-process';
import { dropTestDatabase, testDatabase } from './test-database';
import { kafkaBrokers } from './test-services';
import { uniqueName } from './unique-name';

const ROOT = path.resolve(__dirname, '../../../..');

/** The SCIM path of the distributed mode, started by {@link startDistributedScim}. */
export interface DistributedScim {
  directoryService: ServiceProcess;
  ingress: ServiceProcess;
  /** The services' own database (a fresh one, dropped by `stop`). */
  databaseUrl: string;
  /** PUBLIC_URL the services were given. */
  publicUrl: string;
  stop(): Promise<void>;
}

export interface DistributedScimOptions {
  adminApiKey: string;
  /** Environment of both services on top of the common one (Kafka, database, admin key, PUBLIC_URL). */
  env?: Record<string, string>;
  directoryServiceEnv?: Record<string, string>;
  ingressEnv?: Record<string, string>;
  /** PUBLIC_URL of both services, or how to make it of the ingress's URL (default: the ingress's own URL). */
  publicUrl?: string | ((ingressUrl: string) => string);
}

/**
 * Builds dist/ and starts directory-service and scim-ingress as their own processes, as operators run them, on the
 * test run's Kafka (3 partitions, a namespace of their own) and a fresh database named after `name`.
 */
export async function startDistributedScim(
  name: string,
  { adminApiKey, env = {}, directoryServiceEnv = {}, ingressEnv = {}, publicUrl }: DistributedScimOptions,
): Promise<DistributedScim> {
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { cwd: ROOT });
  const databaseUrl = await testDatabase(name);
  const [directoryPort, ingressPort] = [await freePort(), await freePort()];
  const ingressUrl = `http://127.0.0.1:${ingressPort}`;
  const publicUrlOfServices =
    typeof publicUrl === 'function' ? publicUrl(ingressUrl) : (publicUrl ?? ingressUrl);
  const common = {
    BUS: 'kafka',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    KAFKA_PARTITIONS: '3',
    KAFKA_NAMESPACE: uniqueName(name).replace(/[^A-Za-z0-9_-]/g, '-'),
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: adminApiKey,
    PUBLIC_URL: publicUrlOfServices,
    LOG_LEVEL: 'warn',
    ...env,
  };
  const directoryService = new ServiceProcess('directory-service', `http://127.0.0.1:${directoryPort}`, {
    ...common,
    PORT: String(directoryPort),
    ...directoryServiceEnv,
  });
  const ingress = new ServiceProcess('scim-ingress', ingressUrl, {
    ...common,
    PORT: String(ingressPort),
    DIRECTORY_SERVICE_URL: directoryService.url,
    ...ingressEnv,
  });
  const stop = async (): Promise<void> => {
    directoryService.signal('SIGCONT');
    ingress.signal('SIGCONT');
    await Promise.all([ingress.stop(), directoryService.stop()]);
    await dropTestDatabase(databaseUrl);
  };
  try {
    await Promise.all([directoryService.ready(150_000), ingress.ready(150_000)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { directoryService, ingress, databaseUrl, publicUrl: publicUrlOfServices, stop };
}
