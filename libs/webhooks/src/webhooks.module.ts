import {
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  dataSourceToken,
  InboxCleaner,
  PersistenceModule,
  type DatabaseConnection,
} from '@scimflow/persistence';
import { MANAGEMENT_API_OPTIONS, ReadinessService, type ManagementApiOptions } from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { DeliveryDispatcher } from './delivery/delivery-dispatcher';
import { DeliveryStore } from './delivery/delivery-store';
import { RetryPolicy } from './delivery/retry-policy';
import { WebhookHttpClient } from './egress/webhook-http-client';
import { WEBHOOKS_ENTITIES } from './entities';
import { DirectoryEventsConsumer } from './ingest/directory-events.consumer';
import { EventIngestService } from './ingest/event-ingest.service';
import { MANAGEMENT_CONTROLLERS, MANAGEMENT_PROVIDERS } from './management';
import { WEBHOOKS_MIGRATIONS } from './migrations';
import { SecretCipher } from './signing/secret-cipher';
import { WEBHOOKS_DATA_SOURCE, WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.tokens';

export const WEBHOOKS_SCHEMA = 'webhooks';
const WEBHOOKS_SETTINGS = Symbol('WEBHOOKS_SETTINGS');

/** What webhook-dispatcher needs from its app: where its database is, the admin key, and how to send. */
export interface WebhooksSettings extends WebhooksOptions {
  connection: DatabaseConnection;
  adminApiKey: string;
  /**
   * Key of the portal's sessions (PORTAL_SESSION_SECRET); default: derived from adminApiKey. Webhooks are the
   * operator's: a valid session is told 403 rather than 401.
   */
  portalSessionSecret?: string;
}

export interface WebhooksModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => WebhooksSettings | Promise<WebhooksSettings>;
}

/** Registers the database's readiness check; runs the inbox cleaner while the application is up. */
class WebhooksHousekeeping implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly inboxCleaner: InboxCleaner;

  constructor(@Inject(WEBHOOKS_DATA_SOURCE) dataSource: DataSource, readiness: ReadinessService) {
    this.inboxCleaner = new InboxCleaner({ dataSource });
    readiness.register('webhooks-database', async () => (await dataSource.query('SELECT 1')).length === 1);
  }

  onApplicationBootstrap(): void {
    this.inboxCleaner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.inboxCleaner.stop();
  }
}

/**
 * webhook-dispatcher: the consumer of directory.events.v1 (consumer group `webhook-dispatcher`), the dispatcher
 * loop that sends signed Standard Webhooks with retries, in order per endpoint and directory, and the management
 * API of endpoints, deliveries, retries and replays. Needs MessagingModule and HealthModule in the application.
 */
@Module({})
export class WebhooksModule {
  static forRoot(options: WebhooksModuleOptions): DynamicModule {
    const settings: FactoryProvider = {
      provide: WEBHOOKS_SETTINGS,
      inject: options.inject ?? [],
      useFactory: options.useFactory,
    };
    const settingsModule: DynamicModule = {
      module: class WebhooksSettingsModule {},
      imports: options.imports ?? [],
      providers: [settings],
      exports: [WEBHOOKS_SETTINGS],
    };
    return {
      module: WebhooksModule,
      imports: [
        settingsModule,
        PersistenceModule.forDataSource({
          schema: WEBHOOKS_SCHEMA,
          imports: [settingsModule],
          inject: [WEBHOOKS_SETTINGS],
          useFactory: (webhooksSettings: WebhooksSettings) => ({
            connection: webhooksSettings.connection,
            entities: WEBHOOKS_ENTITIES,
            migrations: WEBHOOKS_MIGRATIONS,
          }),
        }),
      ],
      controllers: [DirectoryEventsConsumer, ...MANAGEMENT_CONTROLLERS],
      providers: [
        { provide: WEBHOOKS_DATA_SOURCE, useExisting: dataSourceToken(WEBHOOKS_SCHEMA) },
        {
          provide: WEBHOOKS_OPTIONS,
          inject: [WEBHOOKS_SETTINGS],
          useFactory: ({
            connection: _connection,
            adminApiKey: _adminApiKey,
            portalSessionSecret: _portalSessionSecret,
            ...sending
          }: WebhooksSettings): WebhooksOptions => sending,
        },
        {
          provide: MANAGEMENT_API_OPTIONS,
          inject: [WEBHOOKS_SETTINGS],
          useFactory: ({ adminApiKey, portalSessionSecret }: WebhooksSettings): ManagementApiOptions => ({
            adminApiKey,
            portalSessionSecret,
          }),
        },
        {
          provide: SecretCipher,
          inject: [WEBHOOKS_OPTIONS],
          useFactory: ({ secretKey }: WebhooksOptions) => new SecretCipher(secretKey),
        },
        {
          provide: RetryPolicy,
          inject: [WEBHOOKS_OPTIONS],
          useFactory: ({ retryScheduleMs }: WebhooksOptions) => new RetryPolicy(retryScheduleMs),
        },
        {
          provide: WebhookHttpClient,
          inject: [WEBHOOKS_OPTIONS],
          useFactory: ({ timeoutMs, allowPrivateNetworks, concurrency }: WebhooksOptions) =>
            new WebhookHttpClient({ timeoutMs, allowPrivateNetworks, maxSockets: concurrency }),
        },
        WebhooksHousekeeping,
        DeliveryStore,
        DeliveryDispatcher,
        EventIngestService,
        ...MANAGEMENT_PROVIDERS,
      ],
      exports: [WEBHOOKS_DATA_SOURCE, DeliveryDispatcher, EventIngestService, ...MANAGEMENT_PROVIDERS],
    };
  }
}
