import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { containerRuntimeAvailable } from './environment/container-runtime';
import { startKafkaContainer, startPostgresContainer } from './environment/container-services';
import { abandonLocalStarts, startLocalKafka, startLocalPostgres } from './environment/local-services';
import { waitForKafka, waitForPostgres } from './environment/service-probes';
import type { StartedService } from './environment/started-service';
import { rememberRun, report } from './environment/test-run';

type Source = 'containers' | 'local';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Jest global setup of the `integration` project: gives every integration spec a real Postgres and a real
 * Kafka, through process.env (Jest hands the environment of this process to its workers):
 *   1. DATABASE_URL / KAFKA_BROKERS already set: used as they are;
 *   2. otherwise, when a container engine answers: testcontainers (postgres:16-alpine, apache/kafka);
 *   3. otherwise the tools/ scripts (tools/postgres-local, tools/kafka-local) on free ports and temp dirs.
 * SCIMFLOW_TEST_SERVICES=containers|local forces 2 or 3. Only what was started here is stopped at the end.
 */
export default async function globalSetup(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  process.env['SCIMFLOW_TEST_RUN_ID'] = runId;
  const started: StartedService[] = [];
  rememberRun({ runId, started });
  // Should Jest exit or be interrupted before its teardown, the local servers still go.
  const stopAll = () => {
    abandonLocalStarts();
    started.forEach((service) => service.stopNow());
  };
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal);
    });
  }

  const missing: StartedService['kind'][] = [];
  if (!process.env['DATABASE_URL']) missing.push('postgres');
  if (!process.env['KAFKA_BROKERS']) missing.push('kafka');
  if (missing.length > 0) {
    const source = await chooseSource();
    report(
      `starting ${missing.join(' and ')} (${source === 'containers' ? 'testcontainers' : 'tools/ scripts'})`,
    );
    const outcomes = await Promise.allSettled(missing.map((kind) => start(kind, source)));
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') started.push(outcome.value);
    }
    const failure = outcomes.find(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    if (failure) {
      await Promise.allSettled(started.map((service) => service.stop()));
      started.length = 0;
      throw failure.reason;
    }
    for (const service of started) {
      process.env[service.kind === 'postgres' ? 'DATABASE_URL' : 'KAFKA_BROKERS'] = service.address;
      report(`${service.description} is ready`);
    }
  }

  await Promise.all([checkPostgres(), checkKafka()]);
}

async function chooseSource(): Promise<Source> {
  const forced = process.env['SCIMFLOW_TEST_SERVICES'];
  if (forced === 'containers' || forced === 'local') return forced;
  if (forced) throw new Error(`SCIMFLOW_TEST_SERVICES must be 'containers' or 'local', got '${forced}'`);
  return (await containerRuntimeAvailable()) ? 'containers' : 'local';
}

function start(kind: StartedService['kind'], source: Source): Promise<StartedService> {
  if (kind === 'postgres')
    return source === 'containers' ? startPostgresContainer() : startLocalPostgres(REPO_ROOT);
  return source === 'containers' ? startKafkaContainer() : startLocalKafka(REPO_ROOT);
}

async function checkPostgres(): Promise<void> {
  const url = process.env['DATABASE_URL'] ?? '';
  try {
    await waitForPostgres(url, 15_000);
  } catch (error) {
    throw new Error(`DATABASE_URL=${redact(url)} does not answer: ${String(error)}`, { cause: error });
  }
}

async function checkKafka(): Promise<void> {
  const brokers = process.env['KAFKA_BROKERS'] ?? '';
  try {
    await waitForKafka(brokers.split(','), 30_000);
  } catch (error) {
    throw new Error(`KAFKA_BROKERS=${brokers} does not answer: ${String(error)}`, { cause: error });
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
