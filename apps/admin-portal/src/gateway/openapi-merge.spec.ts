import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApiDocuments } from './openapi-merge';

function document(
  paths: OpenAPIObject['paths'],
  schemas: Record<string, object> = {},
  tags: string[] = [],
): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 'scimflow management API', version: '0.1.0', description: 'Bearer ADMIN_API_KEY.' },
    paths,
    components: { schemas, securitySchemes: { 'admin-api-key': { type: 'http', scheme: 'bearer' } } },
    tags: tags.map((name) => ({ name })),
  };
}

describe(mergeOpenApiDocuments.name, () => {
  const portal = document(
    { '/api/v1/portal-sessions': { post: { responses: {} } } },
    { ErrorResponseDto: { type: 'object' } },
    ['Portal'],
  );

  it('gathers the paths, schemas and tags of every service', () => {
    const merged = mergeOpenApiDocuments(portal, [
      {
        service: 'directory-service',
        document: document(
          { '/api/v1/organizations': { get: { responses: {} } } },
          { OrganizationDto: { type: 'object' } },
          ['Organizations'],
        ),
      },
      {
        service: 'role-mapping-service',
        document: document(
          { '/api/v1/roles': { get: { responses: {} }, post: { responses: {} } } },
          { RoleDto: { type: 'object' } },
          ['Roles'],
        ),
      },
    ]);
    expect(Object.keys(merged.paths).sort()).toEqual([
      '/api/v1/organizations',
      '/api/v1/portal-sessions',
      '/api/v1/roles',
    ]);
    expect(Object.keys(merged.paths['/api/v1/roles']!)).toEqual(['get', 'post']);
    expect(Object.keys(merged.components!.schemas!).sort()).toEqual([
      'ErrorResponseDto',
      'OrganizationDto',
      'RoleDto',
    ]);
    expect(merged.tags!.map((tag) => tag.name)).toEqual(['Portal', 'Organizations', 'Roles']);
    expect(merged.info.description).toBe('Bearer ADMIN_API_KEY.');
  });

  it('keeps the first definition of a shared schema and of an operation, and adds the other methods of a path', () => {
    const merged = mergeOpenApiDocuments(portal, [
      {
        service: 'a',
        document: document(
          { '/api/v1/x': { get: { summary: 'first', responses: {} } } },
          { ErrorResponseDto: { type: 'string' } },
        ),
      },
      {
        service: 'b',
        document: document({
          '/api/v1/x': { get: { summary: 'second', responses: {} }, delete: { responses: {} } },
        }),
      },
    ]);
    expect(merged.components!.schemas!['ErrorResponseDto']).toEqual({ type: 'object' });
    expect(merged.paths['/api/v1/x']!.get!.summary).toBe('first');
    expect(merged.paths['/api/v1/x']!.delete).toBeDefined();
  });

  it('names the services that did not answer and leaves the base document untouched', () => {
    const before = JSON.stringify(portal);
    const merged = mergeOpenApiDocuments(portal, [
      { service: 'webhook-dispatcher', document: null },
      { service: 'scim-ingress', document: null },
    ]);
    expect(merged.info.description).toBe(
      'Bearer ADMIN_API_KEY.\n\nNot included (the service did not answer): webhook-dispatcher, scim-ingress.',
    );
    expect(JSON.stringify(portal)).toBe(before);
  });
});
