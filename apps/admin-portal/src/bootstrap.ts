import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import {
  createManagementOpenApiDocument,
  installGracefulShutdown,
  ManagementApiExceptionFilter,
} from '@scimflow/service-kit';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { validateAdminPortalConfig } from './config/env.validation';
import { MergedOpenApiService } from './gateway/merged-openapi.service';
import { SERVICE_VERSION } from './service-info';

/** Starts admin-portal exactly as main.ts does; tests call it with their own environment. */
export async function bootstrap(
  env: Record<string, string | undefined> = process.env,
  { handleSignals = true }: { handleSignals?: boolean } = {},
): Promise<INestApplication> {
  const config = validateAdminPortalConfig(env);
  // No body parser up front: proxied requests (SCIM bodies included) stream to their service untouched; the
  // gateway parses JSON only for the portal's own routes.
  const app = await NestFactory.create(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.useGlobalFilters(new ManagementApiExceptionFilter(app.getHttpAdapter()));
  const merged = app.get(MergedOpenApiService);
  SwaggerModule.setup('api/docs', app, createManagementOpenApiDocument(app, SERVICE_VERSION), {
    jsonDocumentUrl: 'api/docs-json',
    patchDocumentOnRequest: (_request, _response, document) => merged.merged(document),
  });
  await app.listen(config.PORT);
  if (handleSignals) installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}
