import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { installGracefulShutdown, ManagementApiExceptionFilter } from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validateScimIngressConfig } from './config/env.validation';

/** Starts scim-ingress exactly as main.ts does; tests call it with their own environment. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<INestApplication> {
  const config = validateScimIngressConfig(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  const logger = app.get(Logger);
  app.useLogger(logger);
  // Errors raised before routing on /api paths get the management error shape; SCIM paths have their own.
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  await app.listen(config.PORT);
  // app.close() runs every shutdown hook: the request log is flushed, the reply consumer stops, data sources close.
  if (handleSignals) installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}
