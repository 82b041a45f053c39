import { Module, type DynamicModule } from '@nestjs/common';
import { Topics } from '@scimflow/contracts';
import { MESSAGE_BUS, MessagingModule, type MessageBus } from '@scimflow/messaging';
import { EmbeddedPostgres, PersistenceModule } from '@scimflow/persistence';
import { ScimServerModule } from '@scimflow/scim-server';
import { HealthModule, LoggingModule, ReadinessService } from '@scimflow/service-kit';
import { ScimIngressConfig } from './config/env.validation';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

/** Registers the broker's readiness check. */
class BusReadiness {
  constructor(bus: MessageBus, readiness: ReadinessService) {
    readiness.register('bus', () => bus.isHealthy());
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ScimIngressConfig): DynamicModule {
    const databaseUrl = config.DATABASE_URL;
    // Validation guarantees DATA_DIR whenever DATABASE_URL is missing.
    const dataDir = config.DATA_DIR ?? 'data';
    const embedded = !databaseUrl;
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
          topics: [Topics.scimCommands, Topics.scimReplies],
          // The reply consumer must be listening before the first SCIM write arrives.
          requester: true,
        }),
        ...(embedded
          ? [PersistenceModule.forEmbeddedDatabase({ useFactory: () => ({ dataDir: `${dataDir}/pgdata` }) })]
          : []),
        ScimServerModule.forRoot({
          inject: embedded ? [EmbeddedPostgres] : [],
          useFactory: (...args: never[]) => ({
            connection: databaseUrl
              ? {
                  kind: 'postgres',
                  url: databaseUrl,
                  poolSize: config.DATABASE_POOL_SIZE,
                  applicationName: SERVICE_NAME,
                }
              : { kind: 'embedded', database: args[0] as unknown as EmbeddedPostgres },
            adminApiKey: config.ADMIN_API_KEY,
            portalSessionSecret: config.PORTAL_SESSION_SECRET,
            publicUrl: config.PUBLIC_URL,
            directoryService: {
              url: config.DIRECTORY_SERVICE_URL,
              timeoutMs: config.DIRECTORY_SERVICE_TIMEOUT_MS,
              authCacheTtlMs: config.SCIM_AUTH_CACHE_TTL_MS,
            },
            rateLimit: { perSecond: config.SCIM_RATE_LIMIT_PER_SECOND, burst: config.SCIM_RATE_LIMIT_BURST },
            commandTimeoutMs: config.SCIM_REQUEST_TIMEOUT_MS,
            requestLog: {
              maxPerDirectory: config.REQUEST_LOG_MAX_PER_DIRECTORY,
              retentionDays: config.REQUEST_LOG_RETENTION_DAYS,
              queueSize: config.REQUEST_LOG_QUEUE_SIZE,
              flushIntervalMs: config.REQUEST_LOG_FLUSH_INTERVAL_MS,
              pruneIntervalMs: config.REQUEST_LOG_PRUNE_INTERVAL_MS,
              maxBodyBytes: config.REQUEST_LOG_MAX_BODY_BYTES,
            },
          }),
        }),
      ],
      providers: [
        { provide: ScimIngressConfig, useValue: config },
        {
          provide: BusReadiness,
          inject: [MESSAGE_BUS, ReadinessService],
          useFactory: (bus: MessageBus, readiness: ReadinessService) => new BusReadiness(bus, readiness),
        },
      ],
    };
  }
}
