import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusServer } from '@scimflow/messaging';
import { installGracefulShutdown, ManagementApiExceptionFilter } from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validateWebhookDispatcherConfig } from './config/env.validation';

/** Starts webhook-dispatcher exactly as main.ts does; tests call it with their own environment. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<INestApplication> {
  const config = validateWebhookDispatcherConfig(env);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Body-parser failures (malformed JSON, oversize) happen before routing: give them the API's error shape.
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  // Not inheritAppConfig: the global HTTP filter above would catch the bus handlers' errors too and break them
  // (a PermanentMessageError must reach the BusServer to be dead-lettered, not be retried forever).
  app.connectMicroservice({ strategy: app.get(BusServer) });
  await app.startAllMicroservices();
  await app.listen(config.PORT);
  // app.close() runs every shutdown hook: the dispatcher stops (in-flight attempts handed back), consumers stop
  // and commit, data sources close.
  if (handleSignals) installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}
