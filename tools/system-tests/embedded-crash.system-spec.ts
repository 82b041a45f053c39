import { freePort } from '@scimflow/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManagedService } from './support/managed-service';
import { PrivateBuild } from './support/private-build';
import { SeededRandom } from './support/seeded-random';
import { ROLE_RULES, SyncWorkload } from './support/sync-workload';
import { SystemVerifier } from './support/system-verifier';
import { TenantSetup } from './support/tenant-setup';
import { WebhookReceiver } from './support/webhook-receiver';

// The embedded default (`node dist/apps/scimflow/src/main.js`: every service in one process, the PostgreSQL
// server, its child, on DATA_DIR, the in-process bus) SIGKILLed at a random moment of a sync with group churn, then started again
// on the same DATA_DIR. The in-process bus keeps nothing across a crash: what was committed but not yet
// relayed is relayed from the outbox on start, and the inboxes drop what consumers had already applied. So
// the same catalog and order must hold as in the distributed mode: the stored directory equals the reference
// model of the acknowledged requests, the events API replays into it in sequence order, role announcements
// chain, and the webhook receiver got every event once, in order. The reference model's handling of requests
// whose outcome is unknown (cut off by the crash) is described in chaos.system-spec.ts.
const ADMIN_API_KEY = 'system-embedded-admin-key-0123456789';
// The embedded edge's defaults: a command waits 10 s for its reply; authentication is an in-process call.
const TIMINGS = { commandTimeoutMs: 10_000, authTimeoutMs: 1_000, marginMs: 3_000, giveUpAfterMs: 240_000 };

describe('the embedded default SIGKILLed mid-sync and restarted on the same DATA_DIR', () => {
  const random = SeededRandom.fromEnvironment();
  let build: PrivateBuild | undefined;
  let dataDir = '';
  let receiver: WebhookReceiver | undefined;
  let scimflow: ManagedService | undefined;

  beforeAll(async () => {
    build = await PrivateBuild.create();
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-system-embedded-'));
    receiver = await WebhookReceiver.start();
    const port = await freePort();
    scimflow = new ManagedService(build, 'scimflow', 'scimflow', port, {
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ADMIN_API_KEY,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0s,200ms,1s,2s,5s,10s,10s,10s,10s',
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    await scimflow.start();
  }, 180_000);

  afterAll(async () => {
    await scimflow?.stop();
    await receiver?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await build?.remove();
  }, 120_000);

  it(
    'relays on start what was committed before the crash, and keeps the catalog and the order',
    () =>
      random.reportingSeed(async () => {
        const product = scimflow!;
        const setup = new TenantSetup({
          directory: product.url,
          roleMapping: product.url,
          webhooks: product.url,
          adminApiKey: ADMIN_API_KEY,
        });
        await setup.createRoles(ROLE_RULES);
        receiver!.useSecret(await setup.createWebhookEndpoint(receiver!.url));
        const tenants = [
          await setup.createTenant('Embedded 1', ROLE_RULES),
          await setup.createTenant('Embedded 2', ROLE_RULES),
        ];
        const workload = new SyncWorkload(
          tenants.map((tenant) => ({
            directoryId: tenant.directoryId,
            token: tenant.token,
            scimBases: [`${product.url}/scim/v2/${tenant.directoryId}`],
          })),
          {
            usersPerDirectory: 300,
            groupsPerDirectory: 4,
            stepsPerGroup: 6,
            userUpdateShare: 0.1,
            lookupShare: 0.1,
            userDeletes: 5,
            groupDeletes: 1,
            concurrency: 8,
            timings: TIMINGS,
          },
          random,
        );
        let killedAt = 0;
        await Promise.all([
          workload.run(),
          (async () => {
            await workload.reached(random.int(30, 70) / 100);
            killedAt = workload.progress;
            await product.kill();
            await product.start();
          })(),
        ]);
        expect(killedAt).toBeLessThan(1);

        const verifier = new SystemVerifier(
          {
            directoryApi: product.url,
            roleMappingApi: product.url,
            adminApiKey: ADMIN_API_KEY,
            receiver: receiver!,
          },
          workload.models,
          ROLE_RULES,
          random,
        );
        const verified = await verifier.verify(120_000);
        console.log(`killed at ${Math.round(killedAt * 100)}%; ${workload.describe()}; ${verified}`);
        expect(workload.violations).toEqual([]);
        expect(workload.traffic.unexpected()).toEqual([]);
      }),
    600_000,
  );
});
