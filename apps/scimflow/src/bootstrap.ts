import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusServer } from '@scimflow/messaging';
import { EmbeddedPostgres } from '@scimflow/persistence';
import {
  installGracefulShutdown,
  ManagementApiExceptionFilter,
  serveManagementOpenApi,
} from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import path from 'node:path';
import { resolveAdminApiKey, resolveWebhookSecretKey } from './admin-api-key';
import { EmbeddedAppModule, type EmbeddedSettings } from './app.module';
import { validateScimflowConfig } from './config/env.validation';
import { SERVICE_VERSION } from './service-info';

export interface EmbeddedInstance {
  app: INestApplication;
  settings: EmbeddedSettings;
  /** True when this start generated the admin API key (it is printed once). */
  generatedAdminKey: boolean;
}

/** Starts the whole product in one process, as `npm start` does. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<EmbeddedInstance> {
  const config = validateScimflowConfig(env);
  const dataDir = path.resolve(config.DATA_DIR);
  const adminKey = await resolveAdminApiKey(dataDir, config.ADMIN_API_KEY);
  const webhookKey = await resolveWebhookSecretKey(dataDir, config.WEBHOOK_SECRET_KEY);
  const settings: EmbeddedSettings = {
    port: config.PORT,
    dataDir,
    adminApiKey: adminKey.key,
    publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
    logLevel: config.LOG_LEVEL,
    tokenGracePeriodMs: config.TOKEN_GRACE_PERIOD_SECONDS * 1000,
    eventRetentionDays: config.EVENT_RETENTION_DAYS,
    webhookSecretKey: webhookKey.key,
    webhookRetrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    webhookAllowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    scimRateLimit: { perSecond: config.SCIM_RATE_LIMIT_PER_SECOND, burst: config.SCIM_RATE_LIMIT_BURST },
    portalSessionSecret: config.PORTAL_SESSION_SECRET,
    portalSessionTtlSeconds: config.PORTAL_SESSION_TTL_SECONDS,
    portalUiDir: config.PORTAL_UI_DIR,
  };
  const app = await NestFactory.create(EmbeddedAppModule.forRoot(settings), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  serveManagementOpenApi(app, SERVICE_VERSION);
  app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(settings.port);
  if (handleSignals) {
    const shutdown = installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
    // Without its database the process only answers 503: it stops (exit 1) so that whatever runs it starts it again.
    app.get(EmbeddedPostgres).onUnexpectedExit((exitCode) => {
      logger.error(
        `the embedded PostgreSQL server stopped (exit code ${exitCode})`,
        undefined,
        'EmbeddedPostgres',
      );
      shutdown('the embedded PostgreSQL server stopped', 1);
    });
  }
  return { app, settings, generatedAdminKey: adminKey.generated };
}
