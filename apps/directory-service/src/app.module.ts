import { Module, type DynamicModule } from '@nestjs/common';
import { DirectoryModule } from '@scimflow/directory';
import { MESSAGE_BUS, MessagingModule, type MessageBus } from '@scimflow/messaging';
import { EmbeddedPostgres, PersistenceModule } from '@scimflow/persistence';
import { HealthModule, LoggingModule, ReadinessService } from '@scimflow/service-kit';
import { Topics } from '@scimflow/contracts';
import { DirectoryServiceConfig } from './config/env.validation';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

/** Registers the broker's readiness check. */
class BusReadiness {
  constructor(bus: MessageBus, readiness: ReadinessService) {
    readiness.register('bus', () => bus.isHealthy());
  }
}

@Module({})
export class AppModule {
  static forRoot(config: DirectoryServiceConfig): DynamicModule {
    const embedded = !config.DATABASE_URL;
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
          topics: [Topics.scimCommands, Topics.scimReplies, Topics.directoryEvents, Topics.accessEvents],
        }),
        ...(embedded
          ? [
              PersistenceModule.forEmbeddedDatabase({
                useFactory: () => ({ dataDir: `${config.DATA_DIR!}/pgdata` }),
              }),
            ]
          : []),
        DirectoryModule.forRoot({
          inject: embedded ? [EmbeddedPostgres] : [],
          useFactory: (...args: never[]) => ({
            connection: embedded
              ? { kind: 'embedded', database: args[0] as unknown as EmbeddedPostgres }
              : {
                  kind: 'postgres',
                  url: config.DATABASE_URL!,
                  poolSize: config.DATABASE_POOL_SIZE,
                  applicationName: SERVICE_NAME,
                },
            publicUrl: config.PUBLIC_URL,
            adminApiKey: config.ADMIN_API_KEY,
            portalSessionSecret: config.PORTAL_SESSION_SECRET,
            tokenGracePeriodMs: config.TOKEN_GRACE_PERIOD_SECONDS * 1000,
            eventRetentionDays: config.EVENT_RETENTION_DAYS,
          }),
        }),
      ],
      providers: [
        { provide: DirectoryServiceConfig, useValue: config },
        {
          provide: BusReadiness,
          inject: [MESSAGE_BUS, ReadinessService],
          useFactory: (bus: MessageBus, readiness: ReadinessService) => new BusReadiness(bus, readiness),
        },
      ],
    };
  }
}
