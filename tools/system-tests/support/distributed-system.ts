import { freePort } from '@scimflow/testing';
import { randomBytes } from 'node:crypto';
import { ManagedService } from './managed-service';
import type { PrivateBuild } from './private-build';

export type ServiceApp = 'directory-service' | 'scim-ingress' | 'role-mapping-service' | 'webhook-dispatcher';

export interface DistributedSystemOptions {
  build: PrivateBuild;
  brokers: string;
  databaseUrl: string;
  /** KAFKA_NAMESPACE: topics and groups of this run only. */
  namespace: string;
  partitions: number;
  /** Instances of each service. */
  instances: number;
  adminApiKey: string;
  /** SCIM_REQUEST_TIMEOUT_MS of the ingresses. */
  commandTimeoutMs: number;
  /** DIRECTORY_SERVICE_TIMEOUT_MS of the ingresses. */
  authTimeoutMs: number;
}

/**
 * The four distributed services, each from dist/ as its own process, `instances` of each: scim-ingress #i
 * talks to directory-service #i (reads and token checks go over HTTP to one address), and a test spreads its
 * SCIM requests over the ingresses as a load balancer would. Consumers of one service share their consumer
 * groups, so the partitions are split between the instances.
 */
export class DistributedSystem {
  private constructor(readonly services: readonly ManagedService[]) {}

  static async start(options: DistributedSystemOptions): Promise<DistributedSystem> {
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: options.brokers,
      KAFKA_PARTITIONS: String(options.partitions),
      KAFKA_NAMESPACE: options.namespace,
      // a killed instance's partitions go to the survivors after 6 s, not 30: the chaos runs wait less
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      DATABASE_URL: options.databaseUrl,
      ADMIN_API_KEY: options.adminApiKey,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    };
    const webhookKey = randomBytes(32).toString('base64');
    const free = await freePorts(4 * options.instances);
    const n = options.instances;
    const ports = {
      directory: free.slice(0, n),
      ingress: free.slice(n, 2 * n),
      roles: free.slice(2 * n, 3 * n),
      webhooks: free.slice(3 * n),
    };
    const all: ManagedService[] = [];
    const make = (app: ServiceApp, index: number, port: number, env: Record<string, string>) => {
      const service = new ManagedService(options.build, app, `${app}#${index + 1}`, port, {
        ...common,
        PORT: String(port),
        ...env,
      });
      all.push(service);
      return service;
    };
    const tiers: ManagedService[][] = [[], [], []];
    for (let index = 0; index < options.instances; index += 1) {
      const directory = make('directory-service', index, ports.directory[index]!, {
        PUBLIC_URL: `http://127.0.0.1:${ports.ingress[0]}`,
        DATABASE_POOL_SIZE: '6',
      });
      const ingress = make('scim-ingress', index, ports.ingress[index]!, {
        PUBLIC_URL: `http://127.0.0.1:${ports.ingress[index]}`,
        DIRECTORY_SERVICE_URL: directory.url,
        SCIM_REQUEST_TIMEOUT_MS: String(options.commandTimeoutMs),
        DIRECTORY_SERVICE_TIMEOUT_MS: String(options.authTimeoutMs),
        // The sync is the test's load, not a tenant to throttle.
        SCIM_RATE_LIMIT_PER_SECOND: '100000',
        SCIM_RATE_LIMIT_BURST: '100000',
        DATABASE_POOL_SIZE: '2',
      });
      const roles = make('role-mapping-service', index, ports.roles[index]!, { DATABASE_POOL_SIZE: '4' });
      const webhooks = make('webhook-dispatcher', index, ports.webhooks[index]!, {
        WEBHOOK_SECRET_KEY: webhookKey,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '0s,200ms,1s,2s,5s,10s,10s,10s,10s',
        // The lease of an attempt: a killed instance's deliveries are picked up again after this much.
        WEBHOOK_TIMEOUT_MS: '3000',
        WEBHOOK_ENDPOINT_CONCURRENCY: '16',
        WEBHOOK_POLL_INTERVAL_MS: '500',
        DATABASE_POOL_SIZE: '4',
      });
      // Each service migrates its own schema: the first directory-service alone, then one of each other
      // service with the second directory-service (its ingress needs it), then the rest.
      if (index === 0) {
        tiers[0]!.push(directory);
        tiers[1]!.push(ingress, roles, webhooks);
      } else {
        tiers[1]!.push(directory);
        tiers[2]!.push(ingress, roles, webhooks);
      }
    }
    const system = new DistributedSystem(all);
    try {
      for (const tier of tiers) await Promise.all(tier.map((service) => service.start()));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  instances(app: ServiceApp): ManagedService[] {
    return this.services.filter((service) => service.app === app);
  }

  /** The base URL of a running instance of `app`, for its management API. */
  url(app: ServiceApp): string {
    const running = this.instances(app).find((service) => service.running);
    if (!running) throw new Error(`no instance of ${app} is running`);
    return running.url;
  }

  /** The SCIM base of a directory on every ingress. */
  scimBases(directoryId: string): string[] {
    return this.instances('scim-ingress').map((ingress) => `${ingress.url}/scim/v2/${directoryId}`);
  }

  /** CPU seconds used so far by each running instance, e.g. `directory-service#1 12.3s, ...`. */
  cpu(): string {
    return this.services.map((service) => `${service.label} ${service.cpuSeconds().toFixed(1)}s`).join(', ');
  }

  /** The last output of every instance, for a failure message. */
  tails(characters = 1_500): string {
    return this.services.map((service) => `--- ${service.label}\n${service.tail(characters)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
  }
}

async function freePorts(count: number): Promise<number[]> {
  const taken: number[] = [];
  while (taken.length < count) {
    const port = await freePort();
    if (!taken.includes(port)) taken.push(port);
  }
  return taken;
}
