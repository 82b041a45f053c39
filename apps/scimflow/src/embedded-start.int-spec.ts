import { embeddedPostgresProcesses, waitFor } from '@scimflow/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The README's first command, as a user runs it: `npm start` builds and starts the whole product in one
// process with no Docker and no Kafka; it must be ready within 60 s, stop cleanly on SIGTERM, and keep
// its data across a restart.
const ROOT = path.resolve(__dirname, '../../..');

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

describe('the embedded default (npm start)', () => {
  let dataDir: string;
  let port: number;
  let running: ChildProcess | undefined;
  let output = '';

  function npmStart(): ChildProcess {
    output = '';
    // What `npm start` runs; started directly so that SIGTERM reaches it as it reaches a process manager.
    const child = spawn(process.execPath, [path.join(ROOT, 'tools/start-embedded.mjs')], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        // Kafka and Postgres of the integration environment must not be used: nothing points at them.
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    running = child;
    return child;
  }

  async function readyWithin(ms: number): Promise<number> {
    const started = Date.now();
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(response.status).toBe(200);
      },
      { timeoutMs: ms, intervalMs: 250 },
    );
    return Date.now() - started;
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-embedded-'));
    port = await freePort();
  });

  afterAll(async () => {
    running?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready within 60 s, stops on SIGTERM with exit 0, and keeps its data across a restart', async () => {
    const first = npmStart();
    const elapsed = await readyWithin(60_000);
    expect(elapsed).toBeLessThan(60_000);

    const adminKey = (await readFile(path.join(dataDir, 'admin-api-key'), 'utf8')).trim();
    expect(output).toContain(adminKey);
    const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/organizations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Persistent Inc.' }),
    });
    expect(created.status).toBe(201);
    const organization = (await created.json()) as { id: string };

    expect(await stop(first)).toBe(0);

    const second = npmStart();
    await readyWithin(60_000);
    // The key was generated once: a restart neither prints it again nor changes it.
    expect(output).not.toContain(adminKey);
    const fetched = await fetch(`http://127.0.0.1:${port}/api/v1/organizations/${organization.id}`, {
      headers,
    });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ id: organization.id, name: 'Persistent Inc.' });
    expect(await stop(second)).toBe(0);
  }, 240_000);

  it('stops with exit 1 when its PostgreSQL server dies, and starts again with its data', async () => {
    const first = npmStart();
    await readyWithin(60_000);
    const adminKey = (await readFile(path.join(dataDir, 'admin-api-key'), 'utf8')).trim();
    const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/organizations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Survivor Inc.' }),
    });
    expect(created.status).toBe(201);
    const organization = (await created.json()) as { id: string };

    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    const [postmaster] = await embeddedPostgresProcesses(dataDir);
    expect(postmaster).toBeDefined();
    process.kill(postmaster!, 'SIGKILL');
    // a process that can only answer 503 must not linger: whatever runs it (or its user) starts it again
    expect(await exited).toBe(1);

    const second = npmStart();
    await readyWithin(60_000);
    const fetched = await fetch(`http://127.0.0.1:${port}/api/v1/organizations/${organization.id}`, {
      headers,
    });
    expect(fetched.status).toBe(200);
    expect(await stop(second)).toBe(0);
  }, 240_000);
});
