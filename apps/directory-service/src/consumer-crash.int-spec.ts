import {
  EventTypes,
  SCIM_COMMAND_VERSION,
  ScimCommandTypes,
  Topics,
  type EventEnvelope,
  type ScimCommand,
} from '@scimflow/contracts';
import {
  KafkaMessageBus,
  NamespacedMessageBus,
  type MessageBus,
  type SubscriptionHandle,
} from '@scimflow/messaging';
import { dropTestDatabase, kafkaBrokers, testDatabase, uniqueName, waitFor } from '@scimflow/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

// directory-service killed with SIGKILL (no graceful close) after it committed commands to Postgres but
// before it committed their Kafka offsets: on restart those commands are delivered again, and the inbox
// makes the redelivery harmless — every command applied once, every event stored and published under one id.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = 'crash-test-admin-key-0123456789';
const COMMANDS = 400;
const NAMESPACE = uniqueName('crash').replace(/[^A-Za-z0-9_-]/g, '-');
const GROUP = `${NAMESPACE}.directory-service`;
const COMMAND_TOPIC = `${NAMESPACE}.${Topics.scimCommands}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('directory-service killed between database commit and offset commit', () => {
  let databaseUrl: string;
  let db: Client;
  let port: number;
  let child: ChildProcess | undefined;
  let bus: MessageBus;
  let events: SubscriptionHandle;
  const published: EventEnvelope[] = [];

  function start(): ChildProcess {
    const service = spawn(process.execPath, [path.join(ROOT, 'dist/apps/directory-service/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        BUS: 'kafka',
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_PARTITIONS: '3',
        KAFKA_NAMESPACE: NAMESPACE,
        DATABASE_URL: databaseUrl,
        PUBLIC_URL: 'http://scimflow.test',
        ADMIN_API_KEY,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = service;
    return service;
  }

  async function ready(): Promise<void> {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(response.status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await db.query<{ n: number }>(sql, params);
    return rows[0]!.n;
  }

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'tools/build.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    databaseUrl = await testDatabase('crash');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    port = await freePort();
    bus = new NamespacedMessageBus(
      new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: uniqueName('crash-probe') }),
      NAMESPACE,
    );
    await bus.ensureTopics(
      [Topics.scimCommands, Topics.scimReplies, Topics.directoryEvents, Topics.accessEvents].map((name) => ({
        name,
        partitions: 3,
      })),
    );
    events = await bus.subscribe({
      group: uniqueName('crash-events'),
      topics: [Topics.directoryEvents],
      fromBeginning: true,
      handle: async (message) => {
        published.push(message.value as EventEnvelope);
      },
    });
  }, 120_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await events?.stop();
    await bus?.close();
    await db?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  }, 60_000);

  it('applies every command once and publishes every event under one id after a SIGKILL and restart', async () => {
    start();
    await ready();
    const headers = { Authorization: `Bearer ${ADMIN_API_KEY}`, 'Content-Type': 'application/json' };
    const base = `http://127.0.0.1:${port}/api/v1`;
    const organization = (await (
      await fetch(`${base}/organizations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Crash Inc.' }),
      })
    ).json()) as { id: string };
    const directory = (await (
      await fetch(`${base}/organizations/${organization.id}/directories`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ provider: 'generic-scim' }),
      })
    ).json()) as { id: string };

    const commands: ScimCommand[] = Array.from({ length: COMMANDS }, (_, index) => ({
      commandId: randomUUID(),
      type: ScimCommandTypes.userCreate,
      version: SCIM_COMMAND_VERSION,
      organizationId: organization.id,
      directoryId: directory.id,
      provider: 'generic-scim',
      issuedAt: new Date().toISOString(),
      resource: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `user${index}@crash.example`,
      },
    }));
    const kafka = new Kafka({
      clientId: uniqueName('crash-admin'),
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    // Our commands land after the current end of each partition: what the group commits past it is theirs.
    const ends = new Map(
      (await admin.fetchTopicOffsets(COMMAND_TOPIC)).map((partition) => [
        partition.partition,
        Number(partition.high),
      ]),
    );
    const committedPastEnds = async (): Promise<number> => {
      const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [COMMAND_TOPIC] });
      return topic!.partitions.reduce(
        (sum, partition) =>
          sum + Math.max(0, Number(partition.offset) - (ends.get(partition.partition) ?? 0)),
        0,
      );
    };
    const applied = () =>
      count(
        `SELECT count(*)::int AS n FROM directory.inbox WHERE consumer = 'directory-service.scim-commands'`,
        [],
      );

    await bus.publish(
      commands.map((command) => ({ topic: Topics.scimCommands, key: directory.id, value: command })),
    );

    // Freeze the service (SIGSTOP) at arbitrary moments while it applies the stream; when a frozen moment
    // finds Postgres ahead of the committed offset, that is the window this test is about: SIGKILL there.
    await waitFor(async () => expect(await applied()).toBeGreaterThanOrEqual(20), {
      timeoutMs: 60_000,
      intervalMs: 5,
    });
    let windowHit = false;
    for (let attempt = 0; attempt < 500 && !windowHit; attempt += 1) {
      child!.kill('SIGSTOP');
      const done = await applied();
      windowHit = done > (await committedPastEnds()) && done < COMMANDS;
      if (windowHit) {
        child!.kill('SIGKILL');
      } else {
        child!.kill('SIGCONT');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await new Promise((resolve) => child!.once('exit', resolve));
    await admin.disconnect();
    expect(windowHit).toBe(true);
    expect(await applied()).toBeLessThan(COMMANDS);

    start();
    await ready();
    await waitFor(
      async () => {
        expect(
          await count(`SELECT count(*)::int AS n FROM directory.users WHERE directory_id = $1`, [
            directory.id,
          ]),
        ).toBe(COMMANDS);
        expect(
          await count(`SELECT count(*)::int AS n FROM directory.outbox WHERE published_at IS NULL`, []),
        ).toBe(0);
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );

    // Applied once: one inbox row and one user.created event per command, sequences without gaps.
    const stored = await db.query<{ id: string; type: string; sequence: string }>(
      `SELECT id, type, sequence FROM directory.events WHERE directory_id = $1 ORDER BY sequence`,
      [directory.id],
    );
    expect(stored.rows.map((row) => Number(row.sequence))).toEqual(
      Array.from({ length: COMMANDS + 1 }, (_, index) => index + 1),
    );
    expect(stored.rows.filter((row) => row.type === EventTypes.userCreated)).toHaveLength(COMMANDS);
    expect(
      await count(
        `SELECT count(DISTINCT message_id)::int AS n FROM directory.inbox WHERE consumer = 'directory-service.scim-commands'`,
        [],
      ),
    ).toBe(COMMANDS);

    // Published once: the topic carries exactly the stored event ids (a relay retry may repeat an id,
    // never mint a second one), in sequence order per directory.
    const storedIds = stored.rows.map((row) => row.id);
    const mine = await waitFor(
      () => {
        const seen = published.filter((event) => event.directoryId === directory.id);
        expect(new Set(seen.map((event) => event.id))).toEqual(new Set(storedIds));
        return seen;
      },
      { timeoutMs: 60_000 },
    );
    const firstSeen = [...new Map(mine.map((event) => [event.id, event.sequence])).values()];
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
  }, 600_000);
});
