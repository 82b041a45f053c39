import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, LoggingModule } from '@scimflow/service-kit';
import { httpOrganizationLookup, PortalModule } from '@scimflow/portal';
import { AdminPortalConfig } from './config/env.validation';
import { GatewayModule } from './gateway/gateway.module';
import { SERVICE_NAME, SERVICE_VERSION } from './service-info';

const trimmed = (url: string) => url.replace(/\/+$/, '');

/** The public origin of the distributed mode: the portal (UI, magic links) and the gateway to every service. */
@Module({})
export class AppModule {
  static forRoot(config: AdminPortalConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot({ service: SERVICE_NAME, version: SERVICE_VERSION, level: config.LOG_LEVEL }),
        HealthModule,
        GatewayModule.forRoot({
          upstreams: {
            'scim-ingress': trimmed(config.SCIM_INGRESS_URL),
            'directory-service': trimmed(config.DIRECTORY_SERVICE_URL),
            'role-mapping-service': trimmed(config.ROLE_MAPPING_SERVICE_URL),
            'webhook-dispatcher': trimmed(config.WEBHOOK_DISPATCHER_URL),
          },
          upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        }),
        PortalModule.forRoot({
          useFactory: () => ({
            connection: {
              kind: 'postgres',
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: SERVICE_NAME,
            },
            adminApiKey: config.ADMIN_API_KEY,
            publicUrl: config.PUBLIC_URL,
            sessionSecret: config.PORTAL_SESSION_SECRET,
            sessionTtlSeconds: config.PORTAL_SESSION_TTL_SECONDS,
            organizationExists: httpOrganizationLookup(config.DIRECTORY_SERVICE_URL, config.ADMIN_API_KEY),
            ...(config.PORTAL_UI_DIR ? { uiDir: config.PORTAL_UI_DIR } : {}),
          }),
        }),
      ],
      providers: [{ provide: AdminPortalConfig, useValue: config }],
    };
  }
}
