import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DIRECTORY_GATEWAY, type DirectoryGateway } from '@scimflow/contracts';
import { dataSourceToken, PersistenceModule } from '@scimflow/persistence';
import {
  AdminApiKeyGuard,
  DIRECTORY_ORGANIZATIONS,
  HttpDirectoryOrganizations,
  MANAGEMENT_API_OPTIONS,
  ReadinessService,
  type DirectoryOrganizations,
  type ManagementApiOptions,
} from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { HttpDirectoryGateway } from './gateway/http-directory-gateway';
import { ScimPipelineInstaller } from './http/scim-pipeline.installer';
import { ScimRequestPipeline } from './http/scim-request-pipeline';
import { SCIM_INGRESS_MIGRATIONS } from './migrations';
import { RequestLogEntryEntity } from './request-log/request-log-entry.entity';
import { RequestLogController } from './request-log/request-log.controller';
import { resolveRequestLogOptions } from './request-log/request-log.options';
import { RequestLogService } from './request-log/request-log.service';
import { RequestLogWriter } from './request-log/request-log.writer';
import { ScimDiscoveryController } from './scim/scim-discovery.controller';
import { ScimFallbackController } from './scim/scim-fallback.controller';
import { ScimResourceService } from './scim/scim-resource.service';
import { ScimResourceRoutes } from './scim/scim-resource-routes';
import {
  SCIM_INGRESS_DATA_SOURCE,
  SCIM_INGRESS_SCHEMA,
  SCIM_SERVER_CONFIG,
  SCIM_SERVER_SETTINGS,
  type ScimServerConfig,
  type ScimServerSettings,
} from './scim-server.tokens';

/** The settings with what the request log's guard needs to admit portal sessions. */
export interface ScimServerModuleSettings extends ScimServerSettings {
  /** Key of the portal's sessions (PORTAL_SESSION_SECRET); default: derived from adminApiKey. */
  portalSessionSecret?: string;
  /**
   * Which organization a directory belongs to, in process (the embedded mode). Default: asked of
   * `directoryService` over HTTP, so that a portal session reads its own organization's request logs only.
   */
  directoryOrganizations?: DirectoryOrganizations;
}

/** How the host application configures ScimServerModule. */
export interface ScimServerModuleOptions {
  /** Modules the factory (and a `gateway` provider) inject from. */
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => ScimServerModuleSettings | Promise<ScimServerModuleSettings>;
  /**
   * The DIRECTORY_GATEWAY provider (`{ provide: DIRECTORY_GATEWAY, ... }`): the embedded mode binds an
   * in-process implementation. Default: HttpDirectoryGateway on `settings.directoryService`.
   */
  gateway?: Provider<DirectoryGateway>;
}

/** Registers the readiness checks of the request-log database and, over HTTP, of directory-service. */
class ScimServerReadiness {
  constructor(dataSource: DataSource, gateway: DirectoryGateway, readiness: ReadinessService) {
    readiness.register(
      'scim-ingress-database',
      async () => (await dataSource.query('SELECT 1')).length === 1,
    );
    if (gateway instanceof HttpDirectoryGateway)
      readiness.register('directory-service', () => gateway.isHealthy());
  }
}

const defaultGateway: Provider<DirectoryGateway> = {
  provide: DIRECTORY_GATEWAY,
  inject: [SCIM_SERVER_SETTINGS],
  useFactory: ({ directoryService, adminApiKey }: ScimServerSettings) => {
    if (!directoryService) {
      throw new Error(
        'ScimServerModule: give settings.directoryService (distributed mode) or a gateway provider',
      );
    }
    return new HttpDirectoryGateway({
      baseUrl: directoryService.url,
      adminApiKey,
      timeoutMs: directoryService.timeoutMs,
      authCacheTtlMs: directoryService.authCacheTtlMs,
    });
  },
};

/**
 * scim-ingress: the SCIM 2.0 endpoints of every directory at `/scim/v2/:directoryId` (authentication, rate
 * limit, validation, provider normalization, commands on scim.commands.v1, reads through the DirectoryGateway),
 * and the request log (schema scim_ingress) with its API at `/api/v1/directories/:directoryId/requests`.
 * Needs MessagingModule (with `requester: true`) and HealthModule in the application, which must be an HTTP
 * application created with NestFactory.create.
 */
@Module({})
export class ScimServerModule {
  static forRoot(options: ScimServerModuleOptions): DynamicModule {
    const settingsModule: DynamicModule = {
      module: class ScimServerSettingsModule {},
      imports: options.imports ?? [],
      providers: [
        { provide: SCIM_SERVER_SETTINGS, inject: options.inject ?? [], useFactory: options.useFactory },
      ],
      exports: [SCIM_SERVER_SETTINGS],
    };
    return {
      module: ScimServerModule,
      imports: [
        ...(options.imports ?? []),
        settingsModule,
        PersistenceModule.forDataSource({
          schema: SCIM_INGRESS_SCHEMA,
          imports: [settingsModule],
          inject: [SCIM_SERVER_SETTINGS],
          useFactory: (settings: ScimServerSettings) => ({
            connection: settings.connection,
            entities: [RequestLogEntryEntity],
            migrations: SCIM_INGRESS_MIGRATIONS,
          }),
        }),
      ],
      // Order matters: the catch-all last (/Users and /Groups are answered by the SCIM pipeline, ScimResourceRoutes).
      controllers: [ScimDiscoveryController, ScimFallbackController, RequestLogController],
      providers: [
        options.gateway ?? defaultGateway,
        { provide: SCIM_INGRESS_DATA_SOURCE, useExisting: dataSourceToken(SCIM_INGRESS_SCHEMA) },
        {
          provide: SCIM_SERVER_CONFIG,
          inject: [SCIM_SERVER_SETTINGS],
          useFactory: (settings: ScimServerSettings): ScimServerConfig => ({
            publicUrl: settings.publicUrl.replace(/\/+$/, ''),
            commandTimeoutMs: settings.commandTimeoutMs ?? 10_000,
          }),
        },
        {
          provide: MANAGEMENT_API_OPTIONS,
          inject: [SCIM_SERVER_SETTINGS],
          useFactory: ({
            adminApiKey,
            portalSessionSecret,
          }: ScimServerModuleSettings): ManagementApiOptions => ({
            adminApiKey,
            portalSessionSecret,
          }),
        },
        {
          provide: DIRECTORY_ORGANIZATIONS,
          inject: [SCIM_SERVER_SETTINGS],
          useFactory: directoryOrganizationsOf,
        },
        AdminApiKeyGuard,
        {
          provide: RequestLogWriter,
          inject: [SCIM_INGRESS_DATA_SOURCE, SCIM_SERVER_SETTINGS],
          useFactory: (dataSource: DataSource, settings: ScimServerSettings) =>
            new RequestLogWriter(dataSource, resolveRequestLogOptions(settings.requestLog)),
        },
        {
          provide: ScimRequestPipeline,
          inject: [DIRECTORY_GATEWAY, RequestLogWriter, SCIM_SERVER_SETTINGS, ScimResourceService],
          useFactory: (
            gateway: DirectoryGateway,
            requestLog: RequestLogWriter,
            settings: ScimServerSettings,
            resources: ScimResourceService,
          ) =>
            new ScimRequestPipeline(
              gateway,
              requestLog,
              {
                rateLimitPerSecond: settings.rateLimit?.perSecond ?? 100,
                rateLimitBurst: settings.rateLimit?.burst ?? 200,
                maxLoggedBodyBytes: resolveRequestLogOptions(settings.requestLog).maxBodyBytes,
              },
              new ScimResourceRoutes(resources),
            ),
        },
        {
          provide: ScimPipelineInstaller,
          inject: [HttpAdapterHost, ScimRequestPipeline],
          useFactory: (host: HttpAdapterHost, pipeline: ScimRequestPipeline) =>
            new ScimPipelineInstaller(host, pipeline),
        },
        {
          provide: ScimServerReadiness,
          inject: [SCIM_INGRESS_DATA_SOURCE, DIRECTORY_GATEWAY, ReadinessService],
          useFactory: (dataSource: DataSource, gateway: DirectoryGateway, readiness: ReadinessService) =>
            new ScimServerReadiness(dataSource, gateway, readiness),
        },
        ScimResourceService,
        RequestLogService,
      ],
      exports: [RequestLogWriter],
    };
  }
}

/** How the request log's guard learns a directory's organization: in process, else from directory-service. */
function directoryOrganizationsOf(settings: ScimServerModuleSettings): DirectoryOrganizations {
  if (settings.directoryOrganizations) return settings.directoryOrganizations;
  if (!settings.directoryService) {
    throw new Error(
      'ScimServerModule: give settings.directoryService (distributed mode) or settings.directoryOrganizations',
    );
  }
  return new HttpDirectoryOrganizations({
    baseUrl: settings.directoryService.url,
    adminApiKey: settings.adminApiKey,
    timeoutMs: settings.directoryService.timeoutMs,
  });
}
