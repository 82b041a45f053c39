/**
 * End to end, as the onboarded application sees it: the time from a SCIM `POST /Users`'s 2xx to the arrival of
 * the signed `directory.user.created` webhook whose data.id is that user, at a fast local receiver. Each arrival
 * is verified with `standardwebhooks`, so only a real delivery counts.
 *
 *   npm run build && node -r ./libs/messaging/src/spec-support/swc-register.js bench/webhooks/scim-to-webhook.bench.ts
 *
 * Phases, after an organization, a directory and a webhook endpoint are created through the management API:
 *   baseline  BASELINE_COUNT signed POSTs, one every 20 ms, from this process straight to the receiver (one HTTP
 *             hop and the verification: the floor of any webhook delivery on this machine)
 *   warm-up   WARMUP_COUNT writes whose webhooks are awaited and not counted
 *   paced     WRITE_COUNT writes, one started every WRITE_INTERVAL_MS whether or not the previous one answered
 *             (open loop, so a slow answer does not hide the ones queued behind it): 2xx → webhook and the
 *             SCIM POST's own latency, min/p50/p95/p99/max, and the rate the writes were answered at. When that
 *             rate falls short of the pace, the write side is saturated and both latencies include its queue.
 *             A negative min is a webhook that arrived before its own 2xx.
 *   burst     BURST_COUNT writes spread over BURST_DIRECTORIES new directories by BURST_CLIENTS clients: writes/s,
 *             deliveries/s from the first write to the last webhook, and how long the webhooks trail the 2xx.
 *             Deliveries are ordered per endpoint and directory, so the directories are the delivery parallelism.
 *             Each directory stays within the SCIM rate limit's burst (200), as an identity provider would.
 *
 * Environment: MODE=embedded|distributed (default embedded); WRITE_COUNT (500), WRITE_INTERVAL_MS (20),
 * WARMUP_COUNT (20), BASELINE_COUNT (200), BURST_COUNT (400), BURST_DIRECTORIES (4), BURST_CLIENTS (8). The
 * distributed mode runs directory-service, scim-ingress and webhook-dispatcher from dist/ on KAFKA_BROKERS under
 * a namespace of their own and on DATABASE_URL's server in a fresh database (both removed afterwards);
 * role-mapping-service is left out, since user.created does not pass through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';

const ROOT = path.resolve(__dirname, '../..');
const MODE = process.env['MODE'] ?? 'embedded';
const WRITE_COUNT = positive('WRITE_COUNT', 500);
const WRITE_INTERVAL_MS = positive('WRITE_INTERVAL_MS', 20);
const WARMUP_COUNT = positive('WARMUP_COUNT', 20);
const BASELINE_COUNT = positive('BASELINE_COUNT', 200);
const BASELINE_INTERVAL_MS = 20;
const BURST_COUNT = positive('BURST_COUNT', 400);
const BURST_DIRECTORIES = positive('BURST_DIRECTORIES', 4);
const BURST_CLIENTS = positive('BURST_CLIENTS', 8);
const ARRIVAL_TIMEOUT_MS = 90_000;
const ADMIN_API_KEY = `bench-${randomBytes(16).toString('hex')}`;
const USER_CREATED = 'directory.user.created';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface Deployment {
  /** Organizations and directories (directory-service, or the one embedded process). */
  managementUrl: string;
  /** Webhook endpoints (webhook-dispatcher, or the one embedded process). */
  webhooksUrl: string;
  stop(): Promise<void>;
}

interface Directory {
  id: string;
  scimUrl: string;
  token: string;
}

interface Write {
  userId: string;
  directoryId: string;
  /** When the 2xx came back (performance.now()). */
  answeredAt: number;
  latencyMs: number;
}

let throttled = 0;

interface Receiver {
  url: string;
  /** First verified arrival of each user's created webhook, by user id. */
  arrivals: Map<string, number>;
  counts: { verified: number; duplicates: number; rejected: number };
  trust(secret: string): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------- services

class StartedProcess {
  private output = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly url: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [path.join(ROOT, 'dist/apps', name, 'src/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async ready(timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw this.failure(`exited with ${this.child.exitCode}`);
      try {
        if ((await fetch(`${this.url}/health/ready`)).status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw this.failure(`not ready within ${timeoutMs} ms`);
      await delay(250);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}\n--- output ---\n${this.output}`);
  }
}

async function startEmbedded(): Promise<Deployment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-scim-to-webhook-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = new StartedProcess('scimflow', url, {
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: url,
    ADMIN_API_KEY,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  });
  try {
    await app.ready();
  } catch (error) {
    await app.stop();
    throw error;
  }
  return {
    managementUrl: url,
    webhooksUrl: url,
    async stop() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startDistributed(serverUrl: string, brokers: string): Promise<Deployment> {
  const database = `bench_s2w_${randomBytes(5).toString('hex')}`;
  await withPostgres(serverUrl, (client) => client.query(`CREATE DATABASE ${database} TEMPLATE template0`));
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${database}`;
  const namespace = `bench-s2w-${randomBytes(4).toString('hex')}`;
  const [directoryPort, ingressPort, webhooksPort] = [await freePort(), await freePort(), await freePort()];
  const common = {
    BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_NAMESPACE: namespace,
    DATABASE_URL: databaseUrl.toString(),
    ADMIN_API_KEY,
    PUBLIC_URL: `http://127.0.0.1:${ingressPort}`,
  };
  const services: StartedProcess[] = [];
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await removeKafkaNamespace(brokers, namespace);
    await withPostgres(serverUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
  };
  try {
    const directory = new StartedProcess('directory-service', `http://127.0.0.1:${directoryPort}`, {
      ...common,
      PORT: String(directoryPort),
    });
    services.push(directory);
    // directory-service migrates first: the others start against a database whose shared parts exist.
    await directory.ready();
    services.push(
      new StartedProcess('scim-ingress', `http://127.0.0.1:${ingressPort}`, {
        ...common,
        PORT: String(ingressPort),
        DIRECTORY_SERVICE_URL: directory.url,
      }),
      new StartedProcess('webhook-dispatcher', `http://127.0.0.1:${webhooksPort}`, {
        ...common,
        PORT: String(webhooksPort),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      }),
    );
    await Promise.all(services.map((service) => service.ready()));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    managementUrl: `http://127.0.0.1:${directoryPort}`,
    webhooksUrl: `http://127.0.0.1:${webhooksPort}`,
    stop,
  };
}

/** The services create their topics and groups under the namespace; the shared cluster keeps none of them. */
async function removeKafkaNamespace(brokers: string, namespace: string): Promise<void> {
  const admin = new Kafka({
    clientId: `${namespace}-cleanup`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const mine = (name: string) => name.startsWith(`${namespace}.`);
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter(mine);
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter(mine);
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------- receiver

async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const counts = { verified: 0, duplicates: 0, rejected: 0 };
  let verifier: Webhook | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      let event: { type?: string; data?: { id?: string } };
      try {
        if (!verifier) throw new Error('no secret yet');
        event = verifier.verify(Buffer.concat(chunks), headers) as typeof event;
      } catch {
        counts.rejected += 1;
        response.writeHead(401).end();
        return;
      }
      counts.verified += 1;
      const userId = event.data?.id;
      // Delivery is at least once: a second copy of a webhook says nothing about latency.
      if (event.type === USER_CREATED && userId && !request.url?.startsWith('/baseline')) {
        if (arrivals.has(userId)) counts.duplicates += 1;
        else arrivals.set(userId, at);
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    counts,
    trust(secret) {
      verifier = new Webhook(secret);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Signed POSTs of a webhook-sized body straight to the receiver: one hop's round trip. */
async function baselineHop(receiver: Receiver, secret: string): Promise<number[]> {
  const signer = new Webhook(secret);
  const body = JSON.stringify({
    id: randomUUID(),
    type: USER_CREATED,
    version: 1,
    sequence: 1,
    occurredAt: new Date().toISOString(),
    organizationId: randomUUID(),
    directoryId: randomUUID(),
    data: { id: randomUUID(), userName: 'baseline@bench.example', active: true, emails: [] },
  });
  const hop = async (): Promise<number> => {
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const started = performance.now();
    const response = await fetch(receiver.url.replace(/\/hooks$/, '/baseline'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 204) throw new Error(`baseline hop answered ${response.status}`);
    return performance.now() - started;
  };
  return paced(BASELINE_COUNT, BASELINE_INTERVAL_MS, hop);
}

// ---------------------------------------------------------------------------------------------- SCIM side

async function management<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function createDirectory(deployment: Deployment, organizationId: string): Promise<Directory> {
  const directory = await management<{ id: string; endpointUrl: string; bearerToken: string }>(
    `${deployment.managementUrl}/api/v1/organizations/${organizationId}/directories`,
    { provider: 'jumpcloud' },
  );
  return { id: directory.id, scimUrl: directory.endpointUrl, token: directory.bearerToken };
}

/**
 * POST /Users as an identity provider sends it; a 429 is waited out (Retry-After) and sent again. A 503 (the
 * directory did not answer within the ingress's command timeout) is undefined: not retried, since a retry only
 * adds to the queue that caused it, and without a 2xx there is no latency to measure.
 */
async function createUser(directory: Directory, userName: string): Promise<Write | undefined> {
  for (;;) {
    const started = performance.now();
    const response = await fetch(`${directory.scimUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${directory.token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: [CORE_USER],
        userName,
        externalId: randomUUID(),
        active: true,
        name: { givenName: 'Bench', familyName: userName },
        emails: [{ value: userName, type: 'work', primary: true }],
      }),
    });
    const answeredAt = performance.now();
    const text = await response.text();
    if (response.status === 429) {
      throttled += 1;
      await delay(Number(response.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    if (response.status === 503) return undefined;
    if (response.status !== 201) throw new Error(`POST /Users answered ${response.status}: ${text}`);
    const { id } = JSON.parse(text) as { id: string };
    return { userId: id, directoryId: directory.id, answeredAt, latencyMs: answeredAt - started };
  }
}

/** Starts `count` calls `intervalMs` apart without waiting for the earlier ones (open loop). */
async function paced<T>(
  count: number,
  intervalMs: number,
  call: (index: number) => Promise<T>,
): Promise<T[]> {
  const started = performance.now();
  const calls: Array<Promise<T>> = [];
  for (let index = 0; index < count; index += 1) {
    const wait = started + index * intervalMs - performance.now();
    if (wait > 0) await delay(wait);
    calls.push(call(index));
  }
  return Promise.all(calls);
}

function answered(results: Array<Write | undefined>): Write[] {
  return results.filter((result): result is Write => result !== undefined);
}

async function arrivalsOf(receiver: Receiver, writes: Write[]): Promise<number[]> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  while (!writes.every((write) => receiver.arrivals.has(write.userId))) {
    if (Date.now() > deadline) {
      const missing = writes.filter((write) => !receiver.arrivals.has(write.userId)).length;
      throw new Error(`${missing} of ${writes.length} webhooks missing after ${ARRIVAL_TIMEOUT_MS} ms`);
    }
    await delay(5);
  }
  return writes.map((write) => receiver.arrivals.get(write.userId)!);
}

// ---------------------------------------------------------------------------------------------- the run

async function run(deployment: Deployment, receiver: Receiver) {
  const organization = await management<{ id: string }>(`${deployment.managementUrl}/api/v1/organizations`, {
    name: 'Bench',
  });
  const endpoint = await management<{ secret: string }>(
    `${deployment.webhooksUrl}/api/v1/webhook-endpoints`,
    {
      url: receiver.url,
      organizationId: organization.id,
      eventTypes: [USER_CREATED],
    },
  );
  receiver.trust(endpoint.secret);
  const directory = await createDirectory(deployment, organization.id);

  const hop = await baselineHop(receiver, endpoint.secret);

  const warmUp = await paced(WARMUP_COUNT, WRITE_INTERVAL_MS, (index) =>
    createUser(directory, `warm${index}@bench.example`),
  );
  await arrivalsOf(receiver, answered(warmUp));

  const pacedStarted = performance.now();
  const writes = answered(
    await paced(WRITE_COUNT, WRITE_INTERVAL_MS, (index) =>
      createUser(directory, `paced${index}@bench.example`),
    ),
  );
  const pacedAnswered = Math.max(...writes.map((write) => write.answeredAt));
  const pacedArrivals = await arrivalsOf(receiver, writes);

  const burstDirectories = await Promise.all(
    Array.from({ length: BURST_DIRECTORIES }, () => createDirectory(deployment, organization.id)),
  );
  const burstResults: Array<Write | undefined> = [];
  let next = 0;
  const burstStarted = performance.now();
  await Promise.all(
    Array.from({ length: BURST_CLIENTS }, async () => {
      for (let index = next++; index < BURST_COUNT; index = next++) {
        const target = burstDirectories[index % burstDirectories.length]!;
        burstResults.push(await createUser(target, `burst${index}@bench.example`));
      }
    }),
  );
  const burst = answered(burstResults);
  const burstArrivals = await arrivalsOf(receiver, burst);
  const lastAnswer = Math.max(...burst.map((write) => write.answeredAt));
  const lastArrival = Math.max(...burstArrivals);

  return {
    pacedWritesPerSecond: {
      offered: 1000 / WRITE_INTERVAL_MS,
      answered: (writes.length / (pacedAnswered - pacedStarted)) * 1000,
    },
    timedOut: { paced: WRITE_COUNT - writes.length, burst: BURST_COUNT - burst.length },
    throttled,
    toWebhookMs: summary(writes.map((write, index) => pacedArrivals[index]! - write.answeredAt)),
    scimPostMs: summary(writes.map((write) => write.latencyMs)),
    receiverHopMs: summary(hop),
    burst: {
      writesPerSecond: (burst.length / (lastAnswer - burstStarted)) * 1000,
      deliveriesPerSecond: (burst.length / (lastArrival - burstStarted)) * 1000,
      lastWebhookAfterLastAnswerMs: lastArrival - lastAnswer,
      toWebhookMs: summary(burst.map((write, index) => burstArrivals[index]! - write.answeredAt)),
    },
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/apps/scimflow/src/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const databaseUrl = process.env['DATABASE_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (MODE !== 'embedded' && MODE !== 'distributed') throw new Error(`MODE=${MODE}: embedded | distributed`);
  if (MODE === 'distributed' && (!databaseUrl || !brokers)) {
    throw new Error('the distributed mode needs DATABASE_URL and KAFKA_BROKERS');
  }
  const loadBefore = await loadAverage();
  const receiver = await startReceiver();
  const deployment =
    MODE === 'distributed' ? await startDistributed(databaseUrl!, brokers!) : await startEmbedded();
  let figures: Awaited<ReturnType<typeof run>>;
  try {
    figures = await run(deployment, receiver);
  } finally {
    await deployment.stop();
    await receiver.close();
  }
  const loadAfter = await loadAverage();
  report(figures, receiver.counts, loadBefore, loadAfter);
  if (receiver.counts.rejected > 0)
    throw new Error(`${receiver.counts.rejected} webhooks failed verification`);
}

function report(
  figures: Awaited<ReturnType<typeof run>>,
  counts: Receiver['counts'],
  loadBefore: string,
  loadAfter: string,
): void {
  const columns = ['min', 'p50', 'p95', 'p99', 'max'] as const;
  const row = (label: string, ms: Summary) =>
    `  ${label.padEnd(28)}${columns.map((column) => ms[column].toFixed(1).padStart(9)).join('')}`;
  const { burst, pacedWritesPerSecond: rate } = figures;
  console.log(
    `SCIM write → webhook: mode=${MODE}, ${WRITE_COUNT} writes one every ${WRITE_INTERVAL_MS} ms, burst of ${BURST_COUNT} ` +
      `over ${BURST_DIRECTORIES} directories by ${BURST_CLIENTS} clients (${cpus().length} cores; load average ` +
      `${loadBefore} before, ${loadAfter} after)`,
  );
  console.log(`  ${'ms'.padEnd(28)}${columns.map((column) => column.padStart(9)).join('')}`);
  console.log(row('2xx → webhook, paced', figures.toWebhookMs));
  console.log(row('SCIM POST /Users, paced', figures.scimPostMs));
  console.log(row('receiver hop (baseline)', figures.receiverHopMs));
  console.log(row('2xx → webhook, burst', burst.toWebhookMs));
  console.log(
    `  paced: ${rate.offered.toFixed(0)} writes/s offered, ${rate.answered.toFixed(1)}/s answered` +
      (rate.answered < 0.9 * rate.offered ? ' (saturated: the latencies above include the write queue)' : ''),
  );
  console.log(
    `  burst: ${burst.writesPerSecond.toFixed(0)} writes/s, ${burst.deliveriesPerSecond.toFixed(0)} deliveries/s ` +
      `(first write to last webhook); the last webhook ${burst.lastWebhookAfterLastAnswerMs.toFixed(0)} ms after the last 2xx`,
  );
  console.log(
    `  ratios (p50): 2xx → webhook = ${(figures.toWebhookMs.p50 / figures.scimPostMs.p50).toPrecision(2)}× the SCIM POST, ` +
      `${(figures.toWebhookMs.p50 / figures.receiverHopMs.p50).toPrecision(3)}× the receiver hop`,
  );
  if (figures.timedOut.paced + figures.timedOut.burst + figures.throttled > 0) {
    console.log(
      `  unanswered: ${figures.timedOut.paced} paced and ${figures.timedOut.burst} burst writes timed out (503, left ` +
        `out of the figures); ${figures.throttled} answers were 429 (waited out and sent again)`,
    );
  }
  console.log(
    `  signatures: ${counts.verified} verified, ${counts.rejected} rejected; ${counts.duplicates} duplicate deliveries`,
  );
  console.log(
    JSON.stringify({
      bench: 'webhooks.scim-to-webhook',
      mode: MODE,
      writes: WRITE_COUNT,
      intervalMs: WRITE_INTERVAL_MS,
      burstWrites: BURST_COUNT,
      loadAverage: { before: loadBefore, after: loadAfter },
      ...figures,
      signatures: counts,
    }),
  );
}

// ---------------------------------------------------------------------------------------------- helpers

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
}

function summary(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN, min: sorted[0] ?? NaN };
}

async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
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
