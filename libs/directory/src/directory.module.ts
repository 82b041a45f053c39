import {
  Inject,
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
  OutboxRelay,
  PersistenceModule,
  type DatabaseConnection,
} from '@scimflow/persistence';
import {
  DIRECTORY_ORGANIZATIONS,
  MANAGEMENT_API_OPTIONS,
  ReadinessService,
  type ManagementApiOptions,
} from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from './directory.tokens';
import { DIRECTORY_ENTITIES } from './entities';
import { MANAGEMENT_CONTROLLERS, MANAGEMENT_PROVIDERS } from './management';
import { DIRECTORY_MIGRATIONS } from './migrations';
import { AccessEventsHandler } from './access/access-events.handler';
import { DirectoryOrganizationController } from './access/directory-organization.controller';
import { DirectoryOrganizationsService } from './access/directory-organizations.service';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersHandler } from './dead-letters/dead-letters.handler';
import { DirectoryHousekeeping } from './event-log/directory-housekeeping';
import { resolveEventPayloads } from './event-log/event-envelopes';
import { EventPositionAssigner } from './event-log/event-position-assigner';
import { DirectoryEventWriter } from './scim/directory-event-writer';
import { ScimCommandHandler } from './scim/scim-command.handler';
import { ScimCommandService } from './scim/scim-command.service';
import { ScimEngine } from './scim/scim-engine';
import { InProcessDirectoryGateway } from './scim/directory-gateway.service';
import { ScimInternalReads } from './scim/scim-internal-reads';
import { DIRECTORY_SESSION_SETTINGS, ScimQueryService } from './scim/scim-query.service';

export const DIRECTORY_SCHEMA = 'directory';
const DIRECTORY_SETTINGS = Symbol('DIRECTORY_SETTINGS');

/** What directory-service needs from its app: where its database is, and its public settings. */
export interface DirectorySettings extends DirectoryOptions {
  connection: DatabaseConnection;
  adminApiKey: string;
  /** Key of the portal's sessions (PORTAL_SESSION_SECRET); default: derived from adminApiKey. */
  portalSessionSecret?: string;
  /** EVENT_RETENTION_DAYS: how long the events API keeps an event (default 30); 0 keeps events forever. */
  eventRetentionDays?: number;
}

export const DEFAULT_EVENT_RETENTION_DAYS = 30;

export interface DirectoryModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => DirectorySettings | Promise<DirectorySettings>;
}

/**
 * Runs directory-service's background work while the application is up: the outbox relay, the positioning of
 * committed events, the housekeeping; stops them before the data source closes.
 */
class DirectoryBackgroundWork implements OnApplicationBootstrap, OnModuleDestroy {
  readonly relay: OutboxRelay;
  private readonly positions: EventPositionAssigner;
  private readonly housekeeping: DirectoryHousekeeping;

  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) dataSource: DataSource,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(DIRECTORY_SETTINGS) settings: DirectorySettings,
    readiness: ReadinessService,
  ) {
    this.relay = new OutboxRelay({ dataSource, bus, resolvePayloads: resolveEventPayloads });
    this.positions = new EventPositionAssigner(dataSource);
    this.housekeeping = new DirectoryHousekeeping(dataSource, {
      eventRetentionDays: settings.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS,
    });
    readiness.register('directory-database', async () => (await dataSource.query('SELECT 1')).length === 1);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.positions.start();
    this.housekeeping.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.relay.stop(), this.positions.stop(), this.housekeeping.stop()]);
  }
}

/**
 * directory-service: SCIM commands (scim.commands.v1), the directory tables and their event log, the
 * management API of organizations, directories, users, groups and events. Needs MessagingModule and
 * HealthModule in the application.
 */
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryModuleOptions): DynamicModule {
    const settings: FactoryProvider = {
      provide: DIRECTORY_SETTINGS,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    };
    const settingsModule: DynamicModule = {
      module: class DirectorySettingsModule {},
      imports: options.imports ?? [],
      providers: [settings],
      exports: [DIRECTORY_SETTINGS],
    };
    return {
      module: DirectoryModule,
      imports: [
        settingsModule,
        PersistenceModule.forDataSource({
          schema: DIRECTORY_SCHEMA,
          imports: [settingsModule],
          inject: [DIRECTORY_SETTINGS],
          useFactory: (directorySettings: DirectorySettings) => ({
            connection: directorySettings.connection,
            entities: DIRECTORY_ENTITIES,
            migrations: DIRECTORY_MIGRATIONS,
            sessionSettings: DIRECTORY_SESSION_SETTINGS,
          }),
        }),
      ],
      controllers: [
        ScimCommandHandler,
        AccessEventsHandler,
        DeadLettersHandler,
        DeadLettersController,
        DirectoryOrganizationController,
        ...MANAGEMENT_CONTROLLERS,
      ],
      providers: [
        { provide: DIRECTORY_DATA_SOURCE, useExisting: dataSourceToken(DIRECTORY_SCHEMA) },
        {
          provide: DIRECTORY_OPTIONS,
          inject: [DIRECTORY_SETTINGS],
          useFactory: ({ publicUrl, tokenGracePeriodMs }: DirectorySettings): DirectoryOptions => ({
            publicUrl: publicUrl.replace(/\/+$/, ''),
            tokenGracePeriodMs,
          }),
        },
        {
          provide: MANAGEMENT_API_OPTIONS,
          inject: [DIRECTORY_SETTINGS],
          useFactory: ({ adminApiKey, portalSessionSecret }: DirectorySettings): ManagementApiOptions => ({
            adminApiKey,
            portalSessionSecret,
          }),
        },
        DirectoryOrganizationsService,
        { provide: DIRECTORY_ORGANIZATIONS, useExisting: DirectoryOrganizationsService },
        DirectoryEventWriter,
        ScimEngine,
        ScimCommandService,
        ScimQueryService,
        ScimInternalReads,
        InProcessDirectoryGateway,
        DirectoryBackgroundWork,
        ...MANAGEMENT_PROVIDERS,
      ],
      exports: [
        DIRECTORY_DATA_SOURCE,
        // The embedded mode hands it to the other services' guards, which would otherwise ask over HTTP.
        DIRECTORY_ORGANIZATIONS,
        ScimCommandService,
        ScimQueryService,
        ScimInternalReads,
        InProcessDirectoryGateway,
        ...MANAGEMENT_PROVIDERS,
      ],
    };
  }
}
