import { Module, type DynamicModule } from '@nestjs/common';
import path from 'node:path';
import { Topics } from '@scimflow/contracts';
import { MESSAGE_BUS, MessagingModule, type MessageBus } from '@scimflow/messaging';
import { EmbeddedPostgres, PersistenceModule } from '@scimflow/persistence';
import { HealthModule, LoggingModule, ReadinessService } from '@scimflow/service-kit';
import { parseDuration, parseDurationList, parseWebhookSecretKey, WebhooksModule } from '@scimflow/webhooks';
import { WebhookDispatcherConfig } from './config/env.validation';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

/** Where the data lives: DATABASE_URL (distributed mode), else the embedded database under DATA_DIR. */
function databaseOf(
  config: WebhookDispatcherConfig,
): { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string } {
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL };
  if (config.DATA_DIR) return { kind: 'embedded', dataDir: config.DATA_DIR };
  throw new Error('webhook-dispatcher needs DATABASE_URL or DATA_DIR');
}

/** Registers the broker's readiness check. */
class BusReadiness {
  constructor(bus: MessageBus, readiness: ReadinessService) {
    readiness.register('bus', () => bus.isHealthy());
  }
}

@Module({})
export class AppModule {
  static forRoot(config: WebhookDispatcherConfig): DynamicModule {
    const database = databaseOf(config);
    const embedded = database.kind === 'embedded';
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot({ service: SERVICE_NAME, version: SERVICE_VERSION, level: config.LOG_LEVEL }),
        HealthModule,
        MessagingModule.forRoot({
          mode: config.BUS,
          clientId: SERVICE_NAME,
          brokers:
            config.BUS === 'kafka' ? config.KAFKA_BROKERS.split(',').map((broker) => broker.trim()) : [],
          partitions: config.KAFKA_PARTITIONS,
          namespace: config.KAFKA_NAMESPACE,
          kafka: {
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            heartbeatIntervalMs: Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 10),
          },
          group: SERVICE_NAME,
          topics: [Topics.directoryEvents],
        }),
        ...(database.kind === 'embedded'
          ? [
              PersistenceModule.forEmbeddedDatabase({
                useFactory: () => ({ dataDir: path.join(database.dataDir, 'pgdata') }),
              }),
            ]
          : []),
        WebhooksModule.forRoot({
          inject: embedded ? [EmbeddedPostgres] : [],
          useFactory: (...args: never[]) => ({
            connection:
              database.kind === 'embedded'
                ? { kind: 'embedded', database: args[0] as unknown as EmbeddedPostgres }
                : {
                    kind: 'postgres',
                    url: database.url,
                    poolSize: config.DATABASE_POOL_SIZE,
                    applicationName: SERVICE_NAME,
                  },
            adminApiKey: config.ADMIN_API_KEY,
            portalSessionSecret: config.PORTAL_SESSION_SECRET,
            secretKey: parseWebhookSecretKey(config.WEBHOOK_SECRET_KEY),
            timeoutMs: config.WEBHOOK_TIMEOUT_MS,
            retryScheduleMs: parseDurationList(config.WEBHOOK_RETRY_SCHEDULE),
            disableAfterMs: parseDuration(config.WEBHOOK_DISABLE_AFTER),
            secretRotationGraceMs: parseDuration(config.WEBHOOK_SECRET_ROTATION_GRACE),
            allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
            concurrency: config.WEBHOOK_CONCURRENCY,
            endpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
            pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
          }),
        }),
      ],
      providers: [
        { provide: WebhookDispatcherConfig, useValue: config },
        {
          provide: BusReadiness,
          inject: [MESSAGE_BUS, ReadinessService],
          useFactory: (bus: MessageBus, readiness: ReadinessService) => new BusReadiness(bus, readiness),
        },
      ],
    };
  }
}
