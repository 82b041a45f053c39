import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The embedded product (`npm start`) running for a test on a free port with a data directory of its own. */
export interface EmbeddedServer {
  baseUrl: string;
  adminApiKey: string;
  dataDir: string;
  /** What the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

const ROOT = path.resolve(process.cwd());

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `probe` until it returns true; fails with `describe()` once `timeoutMs` has passed. */
export async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts `node tools/start-embedded.mjs` (or E2E_SERVER_ENTRY) and waits until it is ready and serves the
 * portal at /. The build it runs first makes the first start take a while.
 */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scimflow-e2e-'));
  const baseUrl = `http://localhost:${port}`;
  const entry = process.env['E2E_SERVER_ENTRY'] ?? path.join(ROOT, 'tools/start-embedded.mjs');
  let output = '';
  // Without ADMIN_API_KEY the product generates a key and keeps it in DATA_DIR, as on a first `npm start`.
  const { ADMIN_API_KEY: _ignored, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      // The test's webhook receiver listens on loopback; a failed attempt waits a minute unless retried by hand.
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0s,1m,1m',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
        return (await fetch(`${baseUrl}/health/ready`)).ok;
      },
      180_000,
      () => `the embedded server did not become ready:\n${output}`,
    );
    const page = await fetch(`${baseUrl}/`);
    const html = await page.text();
    if (!html.includes('<div id="root">')) {
      throw new Error(
        `GET / answered ${page.status} without the portal: is PortalModule wired into apps/scimflow?\n${html.slice(0, 300)}`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const adminApiKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
  return { baseUrl, adminApiKey, dataDir, output: () => output, stop };
}
