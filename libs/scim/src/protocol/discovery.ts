import { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { SchemaSet } from '../schema/schema-set';
import { ScimSchemaUrns } from '../schema/schema-urns';
import { ScimError } from '../scim-error';
import { listResponse, ListResponse } from './list-response';

/** What a server tells clients about itself in /ServiceProviderConfig. */
export interface ServiceProviderConfigOptions {
  /** The SCIM base URL, e.g. `https://sso.example.com/scim/v2/d_123`, without a trailing slash. */
  readonly baseUrl: string;
  /** The most resources a list or search returns (`filter.maxResults`). */
  readonly maxResults: number;
  /** The largest request body accepted, in bytes (reported under `bulk`). */
  readonly maxPayloadSize: number;
  readonly documentationUri?: string;
  /** Where the bearer-token set-up is documented. */
  readonly authenticationDocumentationUri?: string;
  /** Default true. */
  readonly patch?: boolean;
  /** Default true. */
  readonly sort?: boolean;
  /** Default true. */
  readonly etag?: boolean;
}

function trimSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
}

/**
 * The /ServiceProviderConfig resource (RFC 7643 §5): PATCH, filtering, sorting and ETags supported, bulk
 * and password change not, OAuth bearer tokens for authentication.
 */
export function serviceProviderConfig(options: ServiceProviderConfigOptions): Record<string, unknown> {
  const base = trimSlash(options.baseUrl);
  const authenticationScheme: Record<string, unknown> = {
    type: 'oauthbearertoken',
    name: 'OAuth Bearer Token',
    description: 'Authentication with the bearer token issued for this directory',
    specUri: 'https://www.rfc-editor.org/info/rfc6750',
    primary: true,
  };
  if (options.authenticationDocumentationUri !== undefined) {
    authenticationScheme['documentationUri'] = options.authenticationDocumentationUri;
  }
  const config: Record<string, unknown> = { schemas: [ScimSchemaUrns.serviceProviderConfig] };
  if (options.documentationUri !== undefined) config['documentationUri'] = options.documentationUri;
  return {
    ...config,
    patch: { supported: options.patch ?? true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: options.maxPayloadSize },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: options.sort ?? true },
    etag: { supported: options.etag ?? true },
    authenticationSchemes: [authenticationScheme],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/**
 * One resource type as /ResourceTypes/{name} serves it (RFC 7643 §6).
 *
 * @throws ScimError 404 for an unknown resource type.
 */
export function resourceTypeResource(
  schemaSet: SchemaSet,
  name: string,
  baseUrl: string,
): Record<string, unknown> {
  const definition = schemaSet
    .resourceTypes()
    .find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!definition) throw ScimError.notFound(`Resource type ${name} not found`);
  return {
    schemas: [ScimSchemaUrns.resourceType],
    id: definition.name,
    name: definition.name,
    endpoint: definition.endpoint,
    description: definition.description,
    schema: definition.schema,
    schemaExtensions: definition.schemaExtensions.map((extension) => ({
      schema: extension.schema,
      required: extension.required,
    })),
    meta: {
      resourceType: 'ResourceType',
      location: `${trimSlash(baseUrl)}/ResourceTypes/${definition.name}`,
    },
  };
}

/** The /ResourceTypes ListResponse. */
export function resourceTypesResponse(
  schemaSet: SchemaSet,
  baseUrl: string,
): ListResponse<Record<string, unknown>> {
  const resources = schemaSet
    .resourceTypes()
    .map((definition) => resourceTypeResource(schemaSet, definition.name, baseUrl));
  return listResponse(resources, resources.length, 1);
}

/** An attribute as /Schemas serves it: the RFC 7643 §7 characteristics, without internal fields. */
export function attributeRepresentation(attribute: AttributeDefinition): Record<string, unknown> {
  const representation: Record<string, unknown> = {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
  };
  if (attribute.canonicalValues) representation['canonicalValues'] = [...attribute.canonicalValues];
  if (attribute.referenceTypes) representation['referenceTypes'] = [...attribute.referenceTypes];
  if (attribute.subAttributes) {
    representation['subAttributes'] = attribute.subAttributes.map(attributeRepresentation);
  }
  return representation;
}

function schemaRepresentation(schema: SchemaDefinition, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [ScimSchemaUrns.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeRepresentation),
    meta: { resourceType: 'Schema', location: `${trimSlash(baseUrl)}/Schemas/${schema.id}` },
  };
}

/**
 * One schema as /Schemas/{id} serves it (RFC 7643 §7).
 *
 * @throws ScimError 404 for an unknown schema URN.
 */
export function schemaResource(schemaSet: SchemaSet, id: string, baseUrl: string): Record<string, unknown> {
  const schema = schemaSet.schema(id);
  if (!schema) throw ScimError.notFound(`Schema ${id} not found`);
  return schemaRepresentation(schema, baseUrl);
}

/** The /Schemas ListResponse. */
export function schemasResponse(
  schemaSet: SchemaSet,
  baseUrl: string,
): ListResponse<Record<string, unknown>> {
  const resources = schemaSet.schemas().map((schema) => schemaRepresentation(schema, baseUrl));
  return listResponse(resources, resources.length, 1);
}

/** The URL of a resource, for `meta.location` and the Location header: `<base><endpoint>/<id>`. */
export function resourceLocation(
  schemaSet: SchemaSet,
  baseUrl: string,
  resourceType: string,
  id: string,
): string {
  return `${trimSlash(baseUrl)}${schemaSet.resourceType(resourceType).endpoint}/${encodeURIComponent(id)}`;
}
