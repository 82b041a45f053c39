import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScimInternalReads } from '@scimflow/directory';
import { BusServer } from '@scimflow/messaging';
import {
  installGracefulShutdown,
  ManagementApiExceptionFilter,
  serveManagementOpenApi,
} from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validateDirectoryServiceConfig } from './config/env.validation';
import { SERVICE_VERSION } from './service-info';

/** Starts directory-service exactly as main.ts does; tests call it with their own environment. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<INestApplication> {
  const config = validateDirectoryServiceConfig(env);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Body-parser failures (malformed JSON, oversize) happen before routing: give them the API's error shape.
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  serveManagementOpenApi(app, SERVICE_VERSION);
  // scim-ingress's reads, answered ahead of Express and Nest (see ScimInternalReads)
  app.get(ScimInternalReads).serveOn(app.getHttpServer());
  app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.PORT);
  // app.close() runs every shutdown hook: consumers stop and commit, relays stop, data sources close.
  if (handleSignals) installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}
