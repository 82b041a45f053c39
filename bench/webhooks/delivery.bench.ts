// Webhook delivery figures: deliveries per second to a fast local receiver, and the latency from publishing an
// event on directory.events.v1 (as directory-service does) to its arrival at the receiver, p50 and p99.
//
//   node bench/persistence/run-ts.js bench/webhooks/delivery.bench.ts <mode> [events] [directories]
//
// mode: embedded  the app with BUS=in-process and the embedded PostgreSQL server under a temporary DATA_DIR
//       kafka     the app on the real Kafka (KAFKA_BROKERS) and Postgres (DATABASE_URL; a database of its own)
// events: default 2000, spread over `directories` (default 32) directories. Two phases:
//   burst   every event published at once (in batches of 100): deliveries/second until the last arrives
//   paced   200 events at 50 per second: publish→arrival latency without a backlog
// Prints one JSON line per phase.
import type { INestApplication } from '@nestjs/common';
import { EventTypes, Topics, type EventEnvelope } from '@scimflow/contracts';
import { KafkaMessageBus, MESSAGE_BUS, type MessageBus } from '@scimflow/messaging';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import request from 'supertest';
import { bootstrap } from '../../apps/webhook-dispatcher/src/bootstrap';

const ADMIN_API_KEY = `bench-${randomBytes(16).toString('hex')}`;
const BATCH = 100;
const PACED_EVENTS = 200;
const PACED_RATE_PER_SECOND = 50;

interface Target {
  app: INestApplication;
  bus: MessageBus;
  close(): Promise<void>;
}

const common = {
  PORT: '0',
  ADMIN_API_KEY,
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_CONCURRENCY: '64',
  WEBHOOK_ENDPOINT_CONCURRENCY: '32',
  KAFKA_PARTITIONS: '12',
  LOG_LEVEL: 'warn',
};

async function openEmbedded(): Promise<Target> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-webhooks-'));
  const app = await bootstrap({ ...common, BUS: 'in-process', DATA_DIR: dataDir }, { handleSignals: false });
  return {
    app,
    bus: app.get<MessageBus>(MESSAGE_BUS),
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function openKafka(): Promise<Target> {
  const serverUrl = required('DATABASE_URL');
  const brokers = required('KAFKA_BROKERS');
  const name = `bench_webhooks_${randomBytes(4).toString('hex')}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const app = await bootstrap(
    { ...common, BUS: 'kafka', KAFKA_BROKERS: brokers, DATABASE_URL: url.toString() },
    { handleSignals: false },
  );
  const bus = new KafkaMessageBus({
    brokers: brokers.split(','),
    clientId: `bench-directory-${randomUUID()}`,
  });
  return {
    app,
    bus,
    close: async () => {
      await bus.close();
      await app.close();
      await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A receiver that answers 204 at once and notes when each event arrived. */
async function startReceiver(): Promise<{
  url: string;
  arrivals: Map<string, number>;
  close(): Promise<void>;
}> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.set(String(req.headers['webhook-id']), performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function makeEvents(
  organizationId: string,
  directories: string[],
  count: number,
  sequences: Map<string, number>,
): EventEnvelope[] {
  return Array.from({ length: count }, (_unused, index) => {
    const directoryId = directories[index % directories.length] ?? randomUUID();
    const sequence = (sequences.get(directoryId) ?? 0) + 1;
    sequences.set(directoryId, sequence);
    return {
      id: randomUUID(),
      type: EventTypes.userCreated,
      version: 1,
      sequence,
      occurredAt: new Date().toISOString(),
      organizationId,
      directoryId,
      data: { id: randomUUID(), userName: `user${index}@bench.example`, active: true },
    };
  });
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function latencies(
  events: EventEnvelope[],
  published: Map<string, number>,
  arrivals: Map<string, number>,
): number[] {
  return events
    .map((event) => (arrivals.get(event.id) ?? Number.NaN) - (published.get(event.id) ?? Number.NaN))
    .sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const [mode = 'embedded', eventsArg = '2000', directoriesArg = '32'] = process.argv.slice(2);
  const total = Number(eventsArg);
  const target =
    mode === 'kafka' ? await openKafka() : mode === 'embedded' ? await openEmbedded() : undefined;
  if (!target) throw new Error(`unknown mode ${mode}: embedded | kafka`);
  const receiver = await startReceiver();
  try {
    const organizationId = randomUUID();
    await request(target.app.getHttpServer())
      .post('/api/v1/webhook-endpoints')
      .set('Authorization', `Bearer ${ADMIN_API_KEY}`)
      .send({ url: receiver.url, organizationId })
      .expect(201);
    const directories = Array.from({ length: Number(directoriesArg) }, () => randomUUID());
    const sequences = new Map<string, number>();
    const publish = (events: EventEnvelope[]) =>
      target.bus.publish(
        events.map((event) => ({ topic: Topics.directoryEvents, key: event.directoryId, value: event })),
      );

    // burst: the whole backlog at once
    const burst = makeEvents(organizationId, directories, total, sequences);
    const published = new Map<string, number>();
    const started = performance.now();
    for (let offset = 0; offset < burst.length; offset += BATCH) {
      const batch = burst.slice(offset, offset + BATCH);
      const at = performance.now();
      for (const event of batch) published.set(event.id, at);
      await publish(batch);
    }
    await until(() => burst.every((event) => receiver.arrivals.has(event.id)), 120_000);
    const lastArrival = Math.max(...burst.map((event) => receiver.arrivals.get(event.id) ?? 0));
    const burstLatencies = latencies(burst, published, receiver.arrivals);
    console.log(
      JSON.stringify({
        bench: 'webhooks.delivery',
        mode,
        phase: 'burst',
        events: total,
        directories: directories.length,
        deliveriesPerSecond: Math.round((total / (lastArrival - started)) * 1000),
        latencyMs: {
          p50: Math.round(percentile(burstLatencies, 50)),
          p99: Math.round(percentile(burstLatencies, 99)),
        },
      }),
    );

    // paced: a steady trickle, each event on its own
    const paced = makeEvents(organizationId, directories, PACED_EVENTS, sequences);
    const pacedStart = performance.now();
    for (const [index, event] of paced.entries()) {
      const due = pacedStart + (index * 1000) / PACED_RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      published.set(event.id, performance.now());
      await publish([event]);
    }
    await until(() => paced.every((event) => receiver.arrivals.has(event.id)), 60_000);
    const pacedLatencies = latencies(paced, published, receiver.arrivals);
    console.log(
      JSON.stringify({
        bench: 'webhooks.delivery',
        mode,
        phase: 'paced',
        events: PACED_EVENTS,
        ratePerSecond: PACED_RATE_PER_SECOND,
        latencyMs: {
          p50: Math.round(percentile(pacedLatencies, 50) * 10) / 10,
          p99: Math.round(percentile(pacedLatencies, 99) * 10) / 10,
        },
      }),
    );
  } finally {
    await receiver.close();
    await target.close();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required in kafka mode`);
  return value;
}

async function withServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
