import { getProperty, isAssigned, isPlainObject, ScimResource } from '../json-value';
import { AttributeDefinition } from '../schema/attribute-definition';
import { findSubAttribute, SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { assertRequiredSubAttributes, assertSinglePrimary, normalizeAttributeValue } from './attribute-value';

/** What a resource body is validated for: a POST (create) or a PUT (replace). */
export type ValidationMode = 'create' | 'replace';

function hasPrimary(attribute: AttributeDefinition): boolean {
  return (
    attribute.type === 'complex' &&
    attribute.multiValued &&
    findSubAttribute(attribute, 'primary') !== undefined
  );
}

/** Places `value` at `attribute[.sub]` in `container`, merging into an existing complex value. */
function place(
  container: Record<string, unknown>,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
  value: unknown,
): void {
  if (sub === undefined) {
    if (value === undefined) delete container[attribute.name];
    else container[attribute.name] = value;
    return;
  }
  if (attribute.multiValued) {
    throw ScimError.invalidValue(`${attribute.name}.${sub.name} cannot be set outside ${attribute.name}`);
  }
  const current = container[attribute.name];
  const object: Record<string, unknown> = isPlainObject(current) ? current : {};
  if (value === undefined) delete object[sub.name];
  else object[sub.name] = value;
  if (Object.keys(object).length === 0) delete container[attribute.name];
  else container[attribute.name] = object;
}

/**
 * The attributes of a request body in canonical form (without `schemas`, `id` and other read-only
 * attributes), each value checked against the schema. Keys may be attribute names in any case, dotted
 * sub-attribute paths (`name.givenName`), URN-qualified names, or extension URNs holding an object.
 * Unknown attributes are ignored, as RFC 7644 lets servers do. An extension the schema set does not define (an
 * identity provider's custom schema, see SchemaSet.isUndefinedExtension) is kept as sent when it holds an object
 * with a value: its attributes are the customer's custom attributes, which the application is given.
 */
export function normalizeResourceBody(
  body: unknown,
  resourceType: string,
  schemaSet: SchemaSet,
): ScimResource {
  if (!isPlainObject(body)) throw ScimError.invalidSyntax('The request body must be a JSON object');
  const schemas = getProperty(body, 'schemas');
  if (schemas !== undefined && (!Array.isArray(schemas) || schemas.some((urn) => typeof urn !== 'string'))) {
    throw ScimError.invalidSyntax('"schemas" must be an array of URN strings');
  }
  // A body that names schemas but not this resource type's core schema describes some other resource.
  const core = schemaSet.coreSchema(resourceType).id.toLowerCase();
  if (Array.isArray(schemas) && !schemas.some((urn) => String(urn).toLowerCase() === core)) {
    throw ScimError.invalidSyntax(`"schemas" must include "${schemaSet.coreSchema(resourceType).id}"`);
  }
  const result: ScimResource = {};
  for (const key in body) {
    const value = body[key];
    const resolved = schemaSet.resolveText(resourceType, key);
    if (!resolved) {
      if (schemaSet.isUndefinedExtension(resourceType, key) && isPlainObject(value) && isAssigned(value))
        result[key] = structuredClone(value);
      continue;
    }
    if (resolved.kind === 'extension') {
      if (value === null) continue;
      if (!isPlainObject(value)) throw ScimError.invalidValue(`${resolved.schema} must be an object`);
      for (const name in value) {
        const inner = schemaSet.resolveText(resourceType, `${resolved.schema}:${name}`);
        if (inner?.kind !== 'attribute' || inner.attribute.mutability === 'readOnly') continue;
        const extension = (result[resolved.schema] ??= {}) as Record<string, unknown>;
        place(
          extension,
          inner.attribute,
          inner.subAttribute,
          normalizeAttributeValue(value[name], inner.subAttribute ?? inner.attribute, inner.path),
        );
      }
      continue;
    }
    const { attribute, subAttribute } = resolved;
    if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') continue;
    const container = resolved.extension
      ? ((result[resolved.schema] ??= {}) as Record<string, unknown>)
      : result;
    place(
      container,
      attribute,
      subAttribute,
      normalizeAttributeValue(value, subAttribute ?? attribute, resolved.path),
    );
  }
  for (const key of Object.keys(result)) {
    if (
      isPlainObject(result[key]) &&
      schemaSet.extensionSchema(resourceType, key) &&
      !isAssigned(result[key])
    ) {
      delete result[key];
    }
  }
  return result;
}

/**
 * The `schemas` of a resource: its core schema, then each extension it carries a value for.
 */
export function resourceSchemas(
  resource: ScimResource,
  resourceType: string,
  schemaSet: SchemaSet,
): string[] {
  const schemas = [schemaSet.coreSchema(resourceType).id];
  for (const extension of schemaSet.extensionSchemas(resourceType)) {
    if (isAssigned(resource[extension.id])) schemas.push(extension.id);
  }
  for (const key of Object.keys(resource)) {
    if (schemaSet.isUndefinedExtension(resourceType, key) && isAssigned(resource[key])) schemas.push(key);
  }
  return schemas;
}

/**
 * Checks what must hold of every stored resource: required attributes (and required extensions and
 * sub-attributes) are assigned, and at most one value of each multi-valued attribute is primary.
 *
 * @throws ScimError 400 with `requiredType` for a missing required value, invalidValue for two primaries.
 */
export function assertResourceInvariants(
  resource: ScimResource,
  resourceType: string,
  schemaSet: SchemaSet,
  requiredType: 'invalidValue' | 'mutability',
): void {
  const definition = schemaSet.resourceType(resourceType);
  const check = (
    container: Record<string, unknown>,
    attributes: readonly AttributeDefinition[],
    prefix: string,
  ): void => {
    for (const attribute of attributes) {
      const value = container[attribute.name];
      const path = `${prefix}${attribute.name}`;
      if (!isAssigned(value)) {
        if (attribute.required) throw new ScimError(400, requiredType, `${path} is required`);
        continue;
      }
      if (attribute.type !== 'complex') continue;
      const elements = Array.isArray(value) ? value : [value];
      for (const element of elements) {
        if (isPlainObject(element) && isAssigned(element)) {
          assertRequiredSubAttributes(element, attribute, path, requiredType);
        }
      }
      if (hasPrimary(attribute) && Array.isArray(value)) assertSinglePrimary(value, path);
    }
  };
  check(resource, schemaSet.coreSchema(resourceType).attributes, '');
  for (const reference of definition.schemaExtensions) {
    const extension = resource[reference.schema];
    if (!isPlainObject(extension) || !isAssigned(extension)) {
      if (reference.required) {
        throw new ScimError(400, requiredType, `The extension ${reference.schema} is required`);
      }
      continue;
    }
    const schema = schemaSet.extensionSchema(resourceType, reference.schema);
    if (schema) check(extension, schema.attributes, `${reference.schema}:`);
  }
}

/**
 * Validates a POST or PUT body for a resource type and returns it in canonical form: `schemas` recomputed
 * (core first, then the extensions present, in any order the client sent them), attribute names in schema
 * spelling, values type-checked, unassigned values (null, "", [], {}) dropped, read-only attributes
 * (`id`, `meta`, `groups`, `members.display`) and unknown attributes ignored. Required attributes must be
 * present and at most one value of a multi-valued attribute may be primary. In `replace` mode a body `id`
 * must be a string; comparing it with the target is `replaceResource`'s job.
 *
 * @throws ScimError 400 invalidSyntax (not an object, bad `schemas`) or invalidValue.
 */
export function validateResource(
  resource: unknown,
  resourceType: string,
  schemaSet: SchemaSet,
  mode: ValidationMode,
): ScimResource {
  const normalized = normalizeResourceBody(resource, resourceType, schemaSet);
  if (mode === 'replace' && isPlainObject(resource)) {
    const id = getProperty(resource, 'id');
    if (id !== undefined && id !== null && typeof id !== 'string') {
      throw ScimError.invalidValue('"id" must be a string');
    }
  }
  assertResourceInvariants(normalized, resourceType, schemaSet, 'invalidValue');
  return { schemas: resourceSchemas(normalized, resourceType, schemaSet), ...normalized };
}
