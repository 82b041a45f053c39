import type { INestApplication } from '@nestjs/common';
import {
  dropTestDatabase,
  freePort,
  kafkaBrokers,
  portalSessionAccessScenario,
  testDatabase,
  uniqueName,
  waitFor,
} from '@scimflow/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bootstrap } from './bootstrap';

// The distributed mode as a customer's IT admin meets it: a magic link of the portal opens a session, and the
// gateway passes it untouched to directory-service, scim-ingress, role-mapping-service and webhook-dispatcher
// (each its own process on a real Kafka and a real Postgres), which admit it within its organization only.
const ROOT = path.resolve(__dirname, '../../..');
const ADMIN_API_KEY = `admin-${randomBytes(16).toString('hex')}`;
// Configured on every service, as an operator who sets PORTAL_SESSION_SECRET must.
const SESSION_SECRET = randomBytes(32).toString('base64url');

/**
 * The services' build of this run: the repository's dist/ is deleted and rewritten by any other run that
 * builds, so the processes started here load their modules from a dist of their own.
 */
async function privateBuild(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'scimflow-portal-access-build-'));
  for (const name of ['apps', 'libs', 'node_modules', '.swcrc', 'tsconfig.base.json']) {
    await symlink(path.join(ROOT, name), path.join(root, name));
  }
  await mkdir(path.join(root, 'tools'));
  // A copy, not a link: the script finds the root it builds from its own location.
  await copyFile(path.join(ROOT, 'tools/build.mjs'), path.join(root, 'tools/build.mjs'));
  await promisify(execFile)(process.execPath, [path.join(root, 'tools/build.mjs')], { cwd: root });
  return root;
}

/** One service of the build, as `node dist/apps/<app>/src/main.js`, its output kept to explain a failure. */
class BuiltService {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private output = '';

  constructor(
    buildRoot: string,
    readonly app: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    const inherited = { ...process.env };
    // Jest's flags are not the service's.
    delete inherited['NODE_OPTIONS'];
    this.child = spawn(process.execPath, [path.join(buildRoot, 'dist/apps', app, 'src/main.js')], {
      cwd: buildRoot,
      env: { ...inherited, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(timeoutMs = 150_000): Promise<void> {
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    try {
      await waitFor(
        async () => {
          if (exitCode !== undefined) throw new Error(`${this.app} exited with ${exitCode}`);
          expect((await fetch(`${this.url}/health/ready`)).status).toBe(200);
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${this.app} did not become ready: ${String(error)}\n--- output ---\n${this.output}`);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe('portal sessions across the distributed services, through the gateway (Kafka + Postgres)', () => {
  let buildRoot = '';
  let databaseUrl = '';
  let uiDir = '';
  const services: BuiltService[] = [];
  let gateway: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    [buildRoot, databaseUrl] = await Promise.all([privateBuild(), testDatabase('portal_access')]);
    uiDir = await mkdtemp(path.join(tmpdir(), 'portal-access-ui-'));
    await writeFile(path.join(uiDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const [directoryPort, ingressPort, rolesPort, webhooksPort, gatewayPort] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    baseUrl = `http://127.0.0.1:${gatewayPort}`;
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_NAMESPACE: uniqueName('portal-access'),
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY,
      PORTAL_SESSION_SECRET: SESSION_SECRET,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
    };
    const directoryService = new BuiltService(buildRoot, 'directory-service', directoryPort!, common);
    services.push(directoryService);
    // Each service migrates its own schema: the one owning the directory tables first.
    await directoryService.ready();
    services.push(
      new BuiltService(buildRoot, 'scim-ingress', ingressPort!, {
        ...common,
        DIRECTORY_SERVICE_URL: directoryService.url,
      }),
      new BuiltService(buildRoot, 'role-mapping-service', rolesPort!, {
        ...common,
        DIRECTORY_SERVICE_URL: directoryService.url,
      }),
      new BuiltService(buildRoot, 'webhook-dispatcher', webhooksPort!, {
        ...common,
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      }),
    );
    await Promise.all(services.map((service) => service.ready()));
    gateway = await bootstrap(
      {
        PORT: String(gatewayPort),
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl,
        PUBLIC_URL: baseUrl,
        ADMIN_API_KEY,
        PORTAL_SESSION_SECRET: SESSION_SECRET,
        PORTAL_SESSION_TTL_SECONDS: '600',
        PORTAL_UI_DIR: uiDir,
        DIRECTORY_SERVICE_URL: directoryService.url,
        SCIM_INGRESS_URL: `http://127.0.0.1:${ingressPort}`,
        ROLE_MAPPING_SERVICE_URL: `http://127.0.0.1:${rolesPort}`,
        WEBHOOK_DISPATCHER_URL: `http://127.0.0.1:${webhooksPort}`,
      },
      { handleSignals: false },
    );
  }, 360_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(services.map((service) => service.stop()));
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await Promise.all(
      [buildRoot, uiDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })),
    );
  }, 90_000);

  portalSessionAccessScenario({
    adminApiKey: ADMIN_API_KEY,
    portalSessionSecret: SESSION_SECRET,
    // role-mapping-service learns users from the event stream: a user's roles are there shortly after it.
    settle: { timeoutMs: 20_000, intervalMs: 200, readsAreEventual: true },
    baseUrl: () => baseUrl,
  });
});
