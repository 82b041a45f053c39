import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ADMIN_API_KEY_SECURITY } from './management-api.tokens';

/**
 * The OpenAPI document of the management API of `app` (internal routes are excluded by their controller).
 * Serve it with `SwaggerModule.setup(path, app, document)`.
 */
export function createManagementOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('scimflow management API')
    .setDescription(
      'Organizations, directories (SCIM endpoints and their tokens), the users and groups they provision, and ' +
        'the event log. Every route takes `Authorization: Bearer <ADMIN_API_KEY>`; the routes an IT admin needs also ' +
        "take a portal session (`Bearer pst1.…`, from POST /api/v1/portal-sessions) within the session's " +
        'organization (403 outside it). Errors are `{ error: { code, message } }`.',
    )
    .setVersion(version)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The ADMIN_API_KEY, or a portal session token.' },
      ADMIN_API_KEY_SECURITY,
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the management API's OpenAPI document: UI at /api/docs, JSON at /api/docs-json. */
export function serveManagementOpenApi(app: INestApplication, version: string): void {
  SwaggerModule.setup('api/docs', app, createManagementOpenApiDocument(app, version), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
