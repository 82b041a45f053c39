/**
 * The Postgres server URL of this test run (a superuser connection to its `postgres` database), as the global
 * setup found or started it. Prefer {@link testDatabase} for a database of your own.
 */
export function databaseUrl(): string {
  return required('DATABASE_URL');
}

/** The bootstrap brokers of this test run's Kafka, e.g. `['127.0.0.1:9092']`. */
export function kafkaBrokers(): string[] {
  return required('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** A short id of this test run; every database made by {@link testDatabase} carries it. */
export function testRunId(): string {
  return process.env['SCIMFLOW_TEST_RUN_ID'] ?? 'local';
}

function required(key: string): string {
  const value = process.env[key];
  if (!value) {
    throw new Error(
      `${key} is not set: run integration specs through the 'integration' Jest project ` +
        `(npx jest -c jest.config.js --selectProjects integration), whose global setup provides it`,
    );
  }
  return value;
}
