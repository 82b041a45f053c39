import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForKafka, waitForPostgres } from './service-probes';
import type { StartedService } from './started-service';

/** Local servers being started: what an exiting process must undo, synchronously. */
const startsInProgress = new Set<() => void>();

/** Stops the local servers whose start has not finished yet; for a process that is exiting. */
export function abandonLocalStarts(): void {
  for (const abandon of startsInProgress) abandon();
  startsInProgress.clear();
}

/** Postgres from tools/postgres-local (Debian's server binaries, installed first when missing and root). */
export function startLocalPostgres(repoRoot: string): Promise<StartedService> {
  return startLocal(repoRoot, {
    kind: 'postgres',
    script: 'tools/postgres-local/postgres-local.sh',
    key: 'DATABASE_URL',
    env: async () => ({ PG_PORT: 'auto' }),
    ready: (url) => waitForPostgres(url, 30_000),
    describe: (url) => `Postgres (tools/postgres-local, ${new URL(url).host})`,
  });
}

/** Kafka from tools/kafka-local (Maven Central jars, fetched once into ~/.cache/kafka-local). */
export function startLocalKafka(repoRoot: string): Promise<StartedService> {
  return startLocal(repoRoot, {
    kind: 'kafka',
    script: 'tools/kafka-local/kafka-local.sh',
    key: 'KAFKA_BROKERS',
    env: async () => {
      const [port, controllerPort] = await freePorts(2);
      return { KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) };
    },
    ready: (brokers) => waitForKafka(brokers.split(','), 60_000),
    describe: (brokers) => `Kafka (tools/kafka-local, ${brokers})`,
  });
}

interface LocalRecipe {
  kind: StartedService['kind'];
  script: string;
  /** The `KEY=value` line the script prints on stdout once the server is ready. */
  key: string;
  env: () => Promise<Record<string, string>>;
  ready: (address: string) => Promise<void>;
  describe: (address: string) => string;
}

async function startLocal(repoRoot: string, recipe: LocalRecipe): Promise<StartedService> {
  const script = join(repoRoot, recipe.script);
  const dataDir = mkdtempSync(join(tmpdir(), `scimflow-it-${recipe.kind}-`));
  let starter: ChildProcess | undefined;
  let env: Record<string, string> = {};
  const abandon = () => {
    // The start script first, or it could still launch the server after the stop below.
    starter?.kill('SIGTERM');
    stopQuietly(script, dataDir, env);
    rmSync(dataDir, { recursive: true, force: true });
  };
  startsInProgress.add(abandon);
  try {
    env = await recipe.env();
    const address = await runScript(
      script,
      ['start', dataDir],
      env,
      recipe.key,
      (child) => (starter = child),
    );
    await recipe.ready(address);
    return localService(recipe.kind, recipe.describe(address), address, script, dataDir, env);
  } catch (error) {
    abandon();
    throw error;
  } finally {
    startsInProgress.delete(abandon);
  }
}

function localService(
  kind: StartedService['kind'],
  description: string,
  address: string,
  script: string,
  dataDir: string,
  env: Record<string, string>,
): StartedService {
  let stopped = false;
  return {
    kind,
    description,
    address,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await runScript(script, ['stop', dataDir], env);
      rmSync(dataDir, { recursive: true, force: true });
    },
    stopNow: () => {
      if (stopped) return;
      stopped = true;
      stopQuietly(script, dataDir, env);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a tools/ script; resolves with the value of `KEY=value` on its stdout when `key` is given. */
function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  key?: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], {
      env: { ...process.env, ...env },
      // stderr carries the script's progress (a first Maven download, an apt-get install): let it show.
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onSpawn?.(child);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      if (key === undefined) return resolve('');
      // Not anchored at the line start: a tool run by the script may have left control codes before it.
      const value = new RegExp(`${key}=(\\S+)`).exec(stdout)?.[1];
      return value ? resolve(value) : reject(new Error(`${script} printed no ${key}=`));
    });
  });
}

function stopQuietly(script: string, dataDir: string, env: Record<string, string>): void {
  try {
    execFileSync('bash', [script, 'stop', dataDir], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
      timeout: 60_000,
    });
  } catch {
    // Best effort while failing or exiting: the error that brought us here matters more.
  }
}

/** `count` distinct ports that were free a moment ago (all held open together, so no two are the same). */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}
