export { ScimError, SCIM_ERROR_SCHEMA, type ScimErrorBody, type ScimType } from './scim-error';
export { isAssigned, isPlainObject, jsonEqual, type ScimResource } from './json-value';

export {
  attribute as defineAttribute,
  type AttributeDefinition,
  type AttributeType,
  type Mutability,
  type ResourceTypeDefinition,
  type Returned,
  type SchemaDefinition,
  type SchemaExtensionReference,
  type Uniqueness,
} from './schema/attribute-definition';
export {
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA,
  USER_RESOURCE_TYPE,
  USER_SCHEMA,
} from './schema/core-schemas';
export { parseDateTime } from './schema/date-time';
export {
  findSubAttribute,
  SchemaSet,
  type ResolvedAttribute,
  type ResolvedExtension,
  type ResolvedPath,
} from './schema/schema-set';
export { ScimSchemaUrns } from './schema/schema-urns';

export type {
  AttributePath,
  CompareFilter,
  CompareOperator,
  CompareValue,
  FilterNode,
  LogicalFilter,
  NotFilter,
  PatchPath,
  PresentFilter,
  ValuePathFilter,
} from './filter/filter-ast';
export { parseAttributePath, parseFilter, parsePath, type FilterParseOptions } from './filter/filter-parser';
export { printAttributePath, printFilter, printPath } from './filter/filter-printer';
export { compileFilter, matchesFilter, type FilterPredicate } from './filter/filter-evaluator';
export {
  compileFilterToSql,
  escapeLike,
  jsonbAttribute,
  jsonbPathLiteral,
  schemaSqlResolver,
  sqlLiteral,
  type SqlAttribute,
  type SqlAttributeResolver,
  type SqlColumnAttribute,
  type SqlCompileOptions,
  type SqlElementField,
  type SqlFragment,
  type SqlJsonbAttribute,
  type SqlMultiValuedAttribute,
  type SqlScalarType,
} from './filter/filter-sql-compiler';

export {
  applyPatch,
  parsePatchRequest,
  type PatchOperation,
  type PatchOptions,
  type PatchResult,
  undefinedExtensionTarget,
  type UndefinedExtensionTarget,
} from './patch/patch-engine';

export { validateResource, type ValidationMode } from './resource/resource-validator';
export { replaceResource, type ReplaceResult } from './resource/resource-replacer';
export {
  createProjector,
  projectResource,
  type Projection,
  type Projector,
} from './resource/resource-projector';

export {
  parseListQuery,
  type ListQuery,
  type ListQueryOptions,
  type ListQueryParams,
} from './protocol/list-query';
export { listResponse, type ListResponse } from './protocol/list-response';
export {
  etagFromVersion,
  evaluatePreconditions,
  parseEntityTags,
  type ConditionalRequest,
  type EntityTag,
  type PreconditionOutcome,
} from './protocol/etag';
export {
  attributeRepresentation,
  resourceLocation,
  resourceTypeResource,
  resourceTypesResponse,
  schemaResource,
  schemasResponse,
  serviceProviderConfig,
  type ServiceProviderConfigOptions,
} from './protocol/discovery';
