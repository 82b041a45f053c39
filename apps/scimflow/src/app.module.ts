import { Module, type DynamicModule } from '@nestjs/common';
import { DIRECTORY_GATEWAY, Topics } from '@scimflow/contracts';
import { DirectoryModule, InProcessDirectoryGateway } from '@scimflow/directory';
import { MESSAGE_BUS, MessagingModule, type MessageBus } from '@scimflow/messaging';
import { EmbeddedPostgres, PersistenceModule } from '@scimflow/persistence';
import { httpOrganizationLookup, PortalModule } from '@scimflow/portal';
import { RoleMappingModule } from '@scimflow/role-mapping';
import { BoundedDirectoryGateway, ScimServerModule } from '@scimflow/scim-server';
import { parseDuration, parseDurationList, parseWebhookSecretKey, WebhooksModule } from '@scimflow/webhooks';
import {
  DIRECTORY_ORGANIZATIONS,
  HealthModule,
  LoggingModule,
  ReadinessService,
  type DirectoryOrganizations,
} from '@scimflow/service-kit';
import path from 'node:path';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

/** What the embedded process was started with, once defaults and the admin key are resolved. */
export interface EmbeddedSettings {
  port: number;
  dataDir: string;
  adminApiKey: string;
  publicUrl: string;
  logLevel: string;
  tokenGracePeriodMs: number;
  eventRetentionDays: number;
  webhookSecretKey: string;
  webhookRetrySchedule: string;
  webhookTimeoutMs: number;
  webhookAllowPrivateNetworks: boolean;
  scimRateLimit: { perSecond: number; burst: number };
  /** Default: derived from the admin key. */
  portalSessionSecret?: string;
  portalSessionTtlSeconds: number;
  /** Default: apps/admin-portal/ui/dist found above the app. */
  portalUiDir?: string;
}

class BusReadiness {
  constructor(bus: MessageBus, readiness: ReadinessService) {
    readiness.register('bus', () => bus.isHealthy());
  }
}

/** Every service in one Nest application: one embedded Postgres, one in-process bus, one HTTP port. */
@Module({})
export class EmbeddedAppModule {
  static forRoot(settings: EmbeddedSettings): DynamicModule {
    // One instance, imported by the app and by the SCIM edge (which calls it in-process).
    const directory = DirectoryModule.forRoot({
      inject: [EmbeddedPostgres],
      useFactory: (database: EmbeddedPostgres) => ({
        connection: { kind: 'embedded', database },
        publicUrl: settings.publicUrl,
        adminApiKey: settings.adminApiKey,
        portalSessionSecret: settings.portalSessionSecret,
        tokenGracePeriodMs: settings.tokenGracePeriodMs,
        eventRetentionDays: settings.eventRetentionDays,
      }),
    });
    return {
      module: EmbeddedAppModule,
      imports: [
        LoggingModule.forRoot({ service: SERVICE_NAME, version: SERVICE_VERSION, level: settings.logLevel }),
        HealthModule,
        MessagingModule.forRoot({
          mode: 'in-process',
          clientId: SERVICE_NAME,
          group: SERVICE_NAME,
          topics: [Topics.scimCommands, Topics.scimReplies, Topics.directoryEvents, Topics.accessEvents],
          requester: true,
        }),
        PersistenceModule.forEmbeddedDatabase({
          useFactory: () => ({ dataDir: path.join(settings.dataDir, 'pgdata') }),
        }),
        directory,
        ScimServerModule.forRoot({
          imports: [directory],
          // The guards of the other services ask directory-service's table in process, not over HTTP.
          inject: [EmbeddedPostgres, DIRECTORY_ORGANIZATIONS],
          useFactory: (database: EmbeddedPostgres, directoryOrganizations: DirectoryOrganizations) => ({
            connection: { kind: 'embedded', database },
            adminApiKey: settings.adminApiKey,
            portalSessionSecret: settings.portalSessionSecret,
            directoryOrganizations,
            publicUrl: settings.publicUrl,
            rateLimit: settings.scimRateLimit,
          }),
          // held to the HTTP gateway's bounds: a stopped or unreachable database is a 503, never a hang or a 500
          gateway: {
            provide: DIRECTORY_GATEWAY,
            inject: [InProcessDirectoryGateway],
            useFactory: (inProcess: InProcessDirectoryGateway) => new BoundedDirectoryGateway(inProcess),
          },
        }),
        RoleMappingModule.forRoot({
          imports: [directory],
          inject: [EmbeddedPostgres, DIRECTORY_ORGANIZATIONS],
          useFactory: (database: EmbeddedPostgres, directoryOrganizations: DirectoryOrganizations) => ({
            connection: { kind: 'embedded', database },
            adminApiKey: settings.adminApiKey,
            portalSessionSecret: settings.portalSessionSecret,
            directoryOrganizations,
          }),
        }),
        PortalModule.forRoot({
          inject: [EmbeddedPostgres],
          useFactory: (database: EmbeddedPostgres) => ({
            connection: { kind: 'embedded', database },
            adminApiKey: settings.adminApiKey,
            publicUrl: settings.publicUrl,
            sessionSecret: settings.portalSessionSecret,
            sessionTtlSeconds: settings.portalSessionTtlSeconds,
            ...(settings.portalUiDir ? { uiDir: settings.portalUiDir } : {}),
            // Called only when a link is created, once this process listens on its port.
            organizationExists: httpOrganizationLookup(
              `http://127.0.0.1:${settings.port}`,
              settings.adminApiKey,
            ),
          }),
        }),
        WebhooksModule.forRoot({
          inject: [EmbeddedPostgres],
          useFactory: (database: EmbeddedPostgres) => ({
            connection: { kind: 'embedded', database },
            adminApiKey: settings.adminApiKey,
            portalSessionSecret: settings.portalSessionSecret,
            secretKey: parseWebhookSecretKey(settings.webhookSecretKey),
            timeoutMs: settings.webhookTimeoutMs,
            retryScheduleMs: parseDurationList(settings.webhookRetrySchedule),
            disableAfterMs: parseDuration('5d'),
            secretRotationGraceMs: parseDuration('24h'),
            allowPrivateNetworks: settings.webhookAllowPrivateNetworks,
            concurrency: 32,
            endpointConcurrency: 4,
            pollIntervalMs: 1000,
          }),
        }),
      ],
      providers: [
        {
          provide: BusReadiness,
          inject: [MESSAGE_BUS, ReadinessService],
          useFactory: (bus: MessageBus, readiness: ReadinessService) => new BusReadiness(bus, readiness),
        },
      ],
    };
  }
}
