import { dropTestDatabase, kafkaBrokers, testDatabase, uniqueName, waitFor } from '@scimflow/testing';
import { AssignerProtocol, Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { DistributedSystem } from './support/distributed-system';
import { PrivateBuild } from './support/private-build';
import { SeededRandom } from './support/seeded-random';
import { ROLE_RULES, SyncWorkload } from './support/sync-workload';
import { SystemVerifier } from './support/system-verifier';
import { TenantSetup, type Tenant } from './support/tenant-setup';
import { WebhookReceiver } from './support/webhook-receiver';

// Per-directory order with the work split: 3 partitions, 2 instances of every service (each consumer group
// holds partitions on both instances), six directories spread over all three partitions, a sync with group
// churn through both ingresses. The events API, role-mapping-service's announcements and the webhook receiver
// must each see every directory's events once and in sequence order (SystemVerifier says how it checks).
const ADMIN_API_KEY = 'system-ordering-admin-key-0123456789';
const PARTITIONS = 3;
const DIRECTORIES = 6;
const TIMINGS = { commandTimeoutMs: 8_000, authTimeoutMs: 2_000, marginMs: 3_000, giveUpAfterMs: 180_000 };

describe('per-directory order with 3 partitions and 2 instances of each service', () => {
  const random = SeededRandom.fromEnvironment();
  const namespace = uniqueName('sys-order');
  let databaseUrl = '';
  let sql: Client | undefined;
  let receiver: WebhookReceiver | undefined;
  let system: DistributedSystem | undefined;
  let build: PrivateBuild | undefined;

  beforeAll(async () => {
    build = await PrivateBuild.create();
    databaseUrl = await testDatabase('system_ordering');
    sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    receiver = await WebhookReceiver.start();
    system = await DistributedSystem.start({
      build,
      brokers: kafkaBrokers().join(','),
      databaseUrl,
      namespace,
      partitions: PARTITIONS,
      instances: 2,
      adminApiKey: ADMIN_API_KEY,
      commandTimeoutMs: TIMINGS.commandTimeoutMs,
      authTimeoutMs: TIMINGS.authTimeoutMs,
    });
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
    await sql?.end();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
    await build?.remove();
  }, 120_000);

  it(
    'keeps each directory in order in the events API, at role-mapping-service and at the webhook receiver',
    () =>
      random.reportingSeed(async () => {
        const running = system!;
        const setup = new TenantSetup({
          directory: running.url('directory-service'),
          roleMapping: running.url('role-mapping-service'),
          webhooks: running.url('webhook-dispatcher'),
          adminApiKey: ADMIN_API_KEY,
        });
        await setup.createRoles(ROLE_RULES);
        receiver!.useSecret(await setup.createWebhookEndpoint(receiver!.url));
        // Directory ids are random: create directories until the six cover every partition.
        const tenants: Tenant[] = [];
        while (tenants.length < DIRECTORIES || new Set(tenants.map(partitionOfTenant)).size < PARTITIONS) {
          const tenant = await setup.createTenant(`Ordering ${tenants.length + 1}`, ROLE_RULES);
          if (tenants.length < DIRECTORIES) {
            tenants.push(tenant);
            continue;
          }
          const partitions = tenants.map(partitionOfTenant);
          if (partitions.includes(partitionOfTenant(tenant))) continue;
          // Replaces a directory whose partition has another one (it stays unused).
          tenants[partitions.findIndex((partition, index) => partitions.indexOf(partition) !== index)] =
            tenant;
        }

        await waitFor(() => expectGroupsSplitOverTwoInstances(namespace), {
          timeoutMs: 60_000,
          intervalMs: 1_000,
        });

        const workload = new SyncWorkload(
          tenants.map((tenant) => ({
            directoryId: tenant.directoryId,
            token: tenant.token,
            scimBases: running.scimBases(tenant.directoryId),
          })),
          {
            usersPerDirectory: 150,
            groupsPerDirectory: 6,
            stepsPerGroup: 6,
            userUpdateShare: 0.1,
            lookupShare: 0.1,
            userDeletes: 5,
            groupDeletes: 1,
            concurrency: 16,
            timings: TIMINGS,
          },
          random,
        );
        const started = Date.now();
        const trace = process.env['SYSTEM_TEST_TRACE']
          ? setInterval(() => console.log(`${Date.now() - started} ms: ${workload.describe()}`), 10_000)
          : undefined;
        await workload.run().finally(() => clearInterval(trace));
        const synced = Date.now();

        const verifier = new SystemVerifier(
          {
            directoryApi: running.url('directory-service'),
            roleMappingApi: running.url('role-mapping-service'),
            adminApiKey: ADMIN_API_KEY,
            receiver: receiver!,
            sql,
          },
          workload.models,
          ROLE_RULES,
          random,
        );
        const verified = await verifier.verify(180_000);
        console.log(
          `sync ${synced - started} ms (${workload.describe()}), settled and verified in ${Date.now() - synced} ms: ${verified}; CPU ${running.cpu()}`,
        );
        expect(workload.violations).toEqual([]);
        expect(workload.traffic.unexpected()).toEqual([]);
      }),
    600_000,
  );
});

/** The partition Kafka's default partitioner (murmur2, as the services' producers use) gives a directory. */
function partitionOfTenant({ directoryId }: Tenant): number {
  const partitioner = Partitioners.DefaultPartitioner();
  return partitioner({
    topic: 'any',
    partitionMetadata: Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key: directoryId, value: null },
  });
}

/** Every durable consumer group of the run has two members, each holding some partitions. */
async function expectGroupsSplitOverTwoInstances(namespace: string): Promise<void> {
  const kafka = new Kafka({
    clientId: uniqueName('sys-order-admin'),
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter(
        (groupId) => groupId.startsWith(`${namespace}.`) && !groupId.startsWith(`${namespace}.replies.`),
      );
    expect(groups.sort()).toEqual(
      [
        `${namespace}.directory-service`,
        `${namespace}.directory-service.access-events`,
        `${namespace}.directory-service.dead-letters`,
        `${namespace}.role-mapping-service`,
        `${namespace}.webhook-dispatcher`,
      ].sort(),
    );
    const { groups: described } = await admin.describeGroups(groups);
    for (const group of described) {
      expect({ group: group.groupId, state: group.state, members: group.members.length }).toEqual({
        group: group.groupId,
        state: 'Stable',
        members: 2,
      });
      for (const member of group.members) {
        const assignment =
          AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
        const partitions = Object.values(assignment).reduce((sum, list) => sum + list.length, 0);
        expect({ group: group.groupId, member: member.memberId, holds: partitions > 0 }).toEqual({
          group: group.groupId,
          member: member.memberId,
          holds: true,
        });
      }
    }
  } finally {
    await admin.disconnect();
  }
}
