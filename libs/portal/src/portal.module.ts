import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type FactoryProvider,
  type MiddlewareConsumer,
  type ModuleMetadata,
  type NestModule,
} from '@nestjs/common';
import { dataSourceToken, PersistenceModule, type DatabaseConnection } from '@scimflow/persistence';
import { ReadinessService, resolvePortalSessionSecret } from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { PortalAccessGuard } from './access/portal-access.guard';
import { PORTAL_ENTITIES } from './entities';
import { DEFAULT_LINK_TTL_SECONDS } from './links/dto/create-portal-link.dto';
import { PortalLinksController } from './links/portal-links.controller';
import { PortalLinksService } from './links/portal-links.service';
import { PORTAL_MIGRATIONS } from './migrations';
import {
  PORTAL_CLOCK,
  PORTAL_DATA_SOURCE,
  PORTAL_OPTIONS,
  type OrganizationExists,
  type PortalOptions,
} from './portal.tokens';
import { PortalSessionsController } from './sessions/portal-sessions.controller';
import { PortalSessionsService } from './sessions/portal-sessions.service';
import { findPortalUiDir } from './spa/portal-ui-paths';
import { PortalUiMiddleware } from './spa/portal-ui.middleware';

export const PORTAL_SCHEMA = 'portal';
const PORTAL_SETTINGS = Symbol('PORTAL_SETTINGS');
const DEFAULT_SESSION_TTL_SECONDS = 15 * 60;

/** What the portal needs from its app. */
export interface PortalSettings {
  connection: DatabaseConnection;
  /** The operator's key; also the source of the session secret when none is given. */
  adminApiKey: string;
  /** Public base URL of the portal (the origin of the management API): magic links point there. */
  publicUrl: string;
  /** HMAC-SHA256 key of session tokens (at least 32 characters); default: derived from adminApiKey. */
  sessionSecret?: string;
  /** Lifetime of a session token (default 900 s); the UI refreshes it, so revocation bites within it. */
  sessionTtlSeconds?: number;
  /** Lifetime of a magic link when the request does not say (default 7 days). */
  defaultLinkTtlSeconds?: number;
  /** Checks organizations exist before making links for them (see httpOrganizationLookup). */
  organizationExists?: OrganizationExists;
  /** The built UI; default: apps/admin-portal/ui/dist found above this library; null: serve no UI. */
  uiDir?: string | null;
}

export interface PortalModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => PortalSettings | Promise<PortalSettings>;
}

/** Registers the portal database's readiness check. */
class PortalReadiness {
  constructor(@Inject(PORTAL_DATA_SOURCE) dataSource: DataSource, readiness: ReadinessService) {
    readiness.register('portal-database', async () => (await dataSource.query('SELECT 1')).length === 1);
  }
}

/**
 * The admin portal's server side: the built UI at / (SPA fallback, never over /api, /scim, /health or
 * /internal), magic links (`/api/v1/organizations/:orgId/portal-links`, `/api/v1/portal-links/:id`) and
 * organization-scoped sessions (`/api/v1/portal-sessions`). Needs HealthModule in the application.
 */
@Module({})
export class PortalModule implements NestModule {
  static forRoot(options: PortalModuleOptions): DynamicModule {
    const settings: FactoryProvider = {
      provide: PORTAL_SETTINGS,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    };
    const settingsModule: DynamicModule = {
      module: class PortalSettingsModule {},
      imports: options.imports ?? [],
      providers: [settings],
      exports: [PORTAL_SETTINGS],
    };
    return {
      module: PortalModule,
      imports: [
        settingsModule,
        PersistenceModule.forDataSource({
          schema: PORTAL_SCHEMA,
          imports: [settingsModule],
          inject: [PORTAL_SETTINGS],
          useFactory: (portalSettings: PortalSettings) => ({
            connection: portalSettings.connection,
            entities: PORTAL_ENTITIES,
            migrations: PORTAL_MIGRATIONS,
          }),
        }),
      ],
      controllers: [PortalLinksController, PortalSessionsController],
      providers: [
        { provide: PORTAL_DATA_SOURCE, useExisting: dataSourceToken(PORTAL_SCHEMA) },
        { provide: PORTAL_OPTIONS, inject: [PORTAL_SETTINGS], useFactory: resolvePortalOptions },
        { provide: PORTAL_CLOCK, useValue: () => new Date() },
        PortalLinksService,
        PortalSessionsService,
        PortalAccessGuard,
        PortalReadiness,
        PortalUiMiddleware,
      ],
      exports: [PortalSessionsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PortalUiMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/** The settings with their defaults applied. */
export function resolvePortalOptions(settings: PortalSettings): PortalOptions {
  // The same resolution as every other service's guard, so that they all verify what the portal signs.
  const sessionSecret = resolvePortalSessionSecret(settings);
  if (sessionSecret === null) throw new Error('The portal needs an admin API key or a session secret.');
  return {
    publicUrl: settings.publicUrl.replace(/\/+$/, ''),
    adminApiKey: settings.adminApiKey,
    sessionSecret,
    sessionTtlSeconds: settings.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
    defaultLinkTtlSeconds: settings.defaultLinkTtlSeconds ?? DEFAULT_LINK_TTL_SECONDS,
    organizationExists: settings.organizationExists ?? null,
    uiDir: settings.uiDir === undefined ? findPortalUiDir() : settings.uiDir,
  };
}
