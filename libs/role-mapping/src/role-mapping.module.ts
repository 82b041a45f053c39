import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MESSAGE_BUS, type MessageBus } from '@scimflow/messaging';
import {
  dataSourceToken,
  InboxCleaner,
  OutboxRelay,
  PersistenceModule,
  type DatabaseConnection,
} from '@scimflow/persistence';
import {
  DIRECTORY_ORGANIZATIONS,
  HttpDirectoryOrganizations,
  MANAGEMENT_API_OPTIONS,
  ReadinessService,
  type DirectoryOrganizations,
  type ManagementApiOptions,
} from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { ROLE_MAPPING_ENTITIES } from './entities';
import { DirectoryEventsConsumer } from './events/directory-events.consumer';
import { DirectoryProjection } from './events/directory-projection.service';
import { MANAGEMENT_CONTROLLERS, MANAGEMENT_PROVIDERS } from './management';
import { ROLE_MAPPING_MIGRATIONS } from './migrations';
import { RecomputeJobRunner } from './recompute/recompute-job.runner';
import { RecomputeJobsService } from './recompute/recompute-jobs.service';
import { RoleRecomputer } from './recompute/role-recomputer.service';
import {
  ROLE_MAPPING_DATA_SOURCE,
  ROLE_MAPPING_OPTIONS,
  type RoleMappingOptions,
} from './role-mapping.tokens';

export const ROLE_MAPPING_SCHEMA = 'role_mapping';
const ROLE_MAPPING_SETTINGS = Symbol('ROLE_MAPPING_SETTINGS');

/** What role-mapping-service needs from its app: where its database is, and its settings. */
export interface RoleMappingSettings extends Partial<RoleMappingOptions> {
  connection: DatabaseConnection;
  adminApiKey: string;
  /** Key of the portal's sessions (PORTAL_SESSION_SECRET); default: derived from adminApiKey. */
  portalSessionSecret?: string;
  /**
   * directory-service's internal API, asked which organization a directory belongs to before a portal session
   * may read a user's roles (`timeoutMs` default 5 000). Without it (nor `directoryOrganizations`), those routes
   * take the admin key only.
   */
  directoryService?: { url: string; timeoutMs?: number };
  /** The same answer in process (the embedded mode); wins over directoryService. */
  directoryOrganizations?: DirectoryOrganizations;
}

export interface RoleMappingModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => RoleMappingSettings | Promise<RoleMappingSettings>;
}

/**
 * Starts the outbox relay (roles_updated events to access.events.v1) and the inbox cleaner once the application
 * is up; stops them before the data source closes.
 */
class RoleMappingOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly relay: OutboxRelay;
  private readonly inboxCleaner: InboxCleaner;

  constructor(
    @Inject(ROLE_MAPPING_DATA_SOURCE) dataSource: DataSource,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    readiness: ReadinessService,
  ) {
    // A mapping change emits one event per affected user: larger batches drain such a burst in fewer rounds.
    this.relay = new OutboxRelay({ dataSource, bus, batchSize: 500 });
    this.inboxCleaner = new InboxCleaner({ dataSource });
    readiness.register(
      'role-mapping-database',
      async () => (await dataSource.query('SELECT 1')).length === 1,
    );
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.inboxCleaner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.inboxCleaner.stop();
    await this.relay.stop();
  }
}

/**
 * role-mapping-service: the application's roles, each organization's group→role mapping, a projection of
 * users, groups and memberships fed by directory.events.v1, and the recomputation that publishes
 * `directory.user.roles_updated` on access.events.v1 when a user's set of roles changes. Needs MessagingModule
 * and HealthModule in the application.
 */
@Module({})
export class RoleMappingModule {
  static forRoot(options: RoleMappingModuleOptions): DynamicModule {
    const settings: FactoryProvider = {
      provide: ROLE_MAPPING_SETTINGS,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    };
    const settingsModule: DynamicModule = {
      module: class RoleMappingSettingsModule {},
      imports: options.imports ?? [],
      providers: [settings],
      exports: [ROLE_MAPPING_SETTINGS],
    };
    return {
      module: RoleMappingModule,
      imports: [
        settingsModule,
        PersistenceModule.forDataSource({
          schema: ROLE_MAPPING_SCHEMA,
          imports: [settingsModule],
          inject: [ROLE_MAPPING_SETTINGS],
          useFactory: (roleMappingSettings: RoleMappingSettings) => ({
            connection: roleMappingSettings.connection,
            entities: ROLE_MAPPING_ENTITIES,
            migrations: ROLE_MAPPING_MIGRATIONS,
          }),
        }),
      ],
      controllers: [DirectoryEventsConsumer, ...MANAGEMENT_CONTROLLERS],
      providers: [
        { provide: ROLE_MAPPING_DATA_SOURCE, useExisting: dataSourceToken(ROLE_MAPPING_SCHEMA) },
        {
          provide: ROLE_MAPPING_OPTIONS,
          inject: [ROLE_MAPPING_SETTINGS],
          useFactory: (roleMappingSettings: RoleMappingSettings): RoleMappingOptions => ({
            recomputeBatchSize: roleMappingSettings.recomputeBatchSize ?? 1000,
            recomputePollIntervalMs: roleMappingSettings.recomputePollIntervalMs ?? 5000,
          }),
        },
        {
          provide: MANAGEMENT_API_OPTIONS,
          inject: [ROLE_MAPPING_SETTINGS],
          useFactory: ({ adminApiKey, portalSessionSecret }: RoleMappingSettings): ManagementApiOptions => ({
            adminApiKey,
            portalSessionSecret,
          }),
        },
        {
          provide: DIRECTORY_ORGANIZATIONS,
          inject: [ROLE_MAPPING_SETTINGS],
          useFactory: directoryOrganizationsOf,
        },
        RoleRecomputer,
        DirectoryProjection,
        RecomputeJobsService,
        RecomputeJobRunner,
        RoleMappingOutboxRelay,
        ...MANAGEMENT_PROVIDERS,
      ],
      exports: [ROLE_MAPPING_DATA_SOURCE, RecomputeJobsService, ...MANAGEMENT_PROVIDERS],
    };
  }
}

/** How the guard learns a directory's organization: in process, else over HTTP, else not at all (logged). */
function directoryOrganizationsOf(settings: RoleMappingSettings): DirectoryOrganizations | null {
  if (settings.directoryOrganizations) return settings.directoryOrganizations;
  if (settings.directoryService) {
    return new HttpDirectoryOrganizations({
      baseUrl: settings.directoryService.url,
      adminApiKey: settings.adminApiKey,
      timeoutMs: settings.directoryService.timeoutMs,
    });
  }
  new Logger(RoleMappingModule.name).warn(
    'No DIRECTORY_SERVICE_URL: portal sessions cannot read user roles here (the admin API key still can).',
  );
  return null;
}
