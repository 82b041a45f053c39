import { Module, type DynamicModule } from '@nestjs/common';
import { Topics } from '@scimflow/contracts';
import { MESSAGE_BUS, MessagingModule, type MessageBus } from '@scimflow/messaging';
import { EmbeddedPostgres, PersistenceModule } from '@scimflow/persistence';
import { RoleMappingModule } from '@scimflow/role-mapping';
import { HealthModule, LoggingModule, ReadinessService } from '@scimflow/service-kit';
import { RoleMappingServiceConfig } from './config/env.validation';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

/** Registers the broker's readiness check. */
class BusReadiness {
  constructor(bus: MessageBus, readiness: ReadinessService) {
    readiness.register('bus', () => bus.isHealthy());
  }
}

/** Postgres when DATABASE_URL is set, else the embedded database under DATA_DIR (the config requires one). */
function databaseOf(
  config: RoleMappingServiceConfig,
): { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string } {
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL };
  if (config.DATA_DIR) return { kind: 'embedded', dataDir: config.DATA_DIR };
  throw new Error('Invalid configuration: DATABASE_URL or DATA_DIR is required');
}

@Module({})
export class AppModule {
  static forRoot(config: RoleMappingServiceConfig): DynamicModule {
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
          topics: [Topics.directoryEvents, Topics.accessEvents],
        }),
        ...(database.kind === 'embedded'
          ? [
              PersistenceModule.forEmbeddedDatabase({
                useFactory: () => ({ dataDir: `${database.dataDir}/pgdata` }),
              }),
            ]
          : []),
        RoleMappingModule.forRoot({
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
            ...(config.DIRECTORY_SERVICE_URL
              ? { directoryService: { url: config.DIRECTORY_SERVICE_URL } }
              : {}),
            recomputeBatchSize: config.RECOMPUTE_BATCH_SIZE,
          }),
        }),
      ],
      providers: [
        { provide: RoleMappingServiceConfig, useValue: config },
        {
          provide: BusReadiness,
          inject: [MESSAGE_BUS, ReadinessService],
          useFactory: (bus: MessageBus, readiness: ReadinessService) => new BusReadiness(bus, readiness),
        },
      ],
    };
  }
}
