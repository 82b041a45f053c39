import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusServer } from '@scimflow/messaging';
import {
  installGracefulShutdown,
  ManagementApiExceptionFilter,
  serveManagementOpenApi,
} from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validateRoleMappingServiceConfig } from './config/env.validation';
import { SERVICE_VERSION } from './service-info';

/** Starts role-mapping-service exactly as main.ts does; tests call it with their own environment. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<INestApplication> {
  const config = validateRoleMappingServiceConfig(env);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Body-parser failures (malformed JSON, oversize) happen before routing: give them the API's error shape.
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  serveManagementOpenApi(app, SERVICE_VERSION);
  // Not inheritAppConfig: the global filter above is HTTP's. Inherited by the bus handlers, it would answer a
  // PermanentMessageError as if it were an HTTP error (and fail), turning a dead letter into endless retries.
  app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: false });
  await app.startAllMicroservices();
  await app.listen(config.PORT);
  // app.close() runs every shutdown hook: consumers stop and commit, the relay and the recompute jobs stop,
  // data sources close.
  if (handleSignals) installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}
