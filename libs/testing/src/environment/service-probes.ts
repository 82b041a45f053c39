import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { waitFor } from '../lib/wait-for';

/** Resolves once a Postgres at `url` accepts a connection and answers `SELECT 1`; rejects after `timeoutMs`. */
export async function waitForPostgres(url: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Resolves once the Kafka cluster behind `brokers` describes itself with at least one broker. */
export async function waitForKafka(brokers: string[], timeoutMs: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'scimflow-test-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 0 },
  });
  await waitFor(
    async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const { brokers: live } = await admin.describeCluster();
        if (live.length === 0) throw new Error('the cluster lists no broker yet');
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    { timeoutMs, intervalMs: 500 },
  );
}
