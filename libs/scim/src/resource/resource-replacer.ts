import { getProperty, isAssigned, isPlainObject, jsonEqual, ScimResource } from '../json-value';
import { AttributeDefinition } from '../schema/attribute-definition';
import { SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { assertResourceInvariants, normalizeResourceBody, resourceSchemas } from './resource-validator';

/** The outcome of `replaceResource`. */
export interface ReplaceResult {
  readonly resource: ScimResource;
  /** False when the body describes the resource as it already is. */
  readonly changed: boolean;
}

/**
 * Carries over what a PUT body cannot change: read-only values (the server's), immutable values that are
 * already set (which the body must repeat or omit), and write-only values the body omits (a PUT never
 * repeats the password).
 */
function carryOver(
  existing: Record<string, unknown>,
  incoming: Record<string, unknown>,
  attributes: Iterable<AttributeDefinition>,
  prefix: string,
): void {
  for (const attribute of attributes) {
    const name = attribute.name;
    const current = getProperty(existing, name);
    const next = incoming[name];
    const path = `${prefix}${name}`;
    switch (attribute.mutability) {
      case 'readOnly':
        if (name !== 'schemas' && current !== undefined) incoming[name] = current;
        break;
      case 'immutable':
        if (!isAssigned(current)) break;
        if (next === undefined) incoming[name] = current;
        else if (!jsonEqual(current, next)) throw ScimError.mutability(`${path} is immutable`);
        break;
      case 'writeOnly':
        if (next === undefined && current !== undefined) incoming[name] = current;
        break;
      case 'readWrite':
        // Read-only sub-attributes (manager.displayName) are derived by the server, so only immutable and
        // write-only ones carry over.
        if (attribute.type === 'complex' && !attribute.multiValued && isPlainObject(current)) {
          const subAttributes = (attribute.subAttributes ?? []).filter(
            (sub) => sub.mutability === 'immutable' || sub.mutability === 'writeOnly',
          );
          if (subAttributes.length === 0) break;
          const object = isPlainObject(next) ? { ...next } : {};
          carryOver(current, object, subAttributes, `${path}.`);
          if (isAssigned(object)) incoming[name] = object;
        }
        break;
    }
  }
}

/**
 * Replaces a resource with a PUT body (RFC 7644 §3.5.1): readWrite attributes the body omits, sends as null
 * or as `[]` are cleared; read-only attributes keep the server's values (`id`, `meta`, `groups`); an `id` in
 * the body is tolerated when it equals the resource's; immutable attributes that are set must keep their
 * value; write-only attributes the body omits are kept.
 *
 * @throws ScimError 400 invalidSyntax / invalidValue (see `validateResource`) or mutability (another `id`,
 *   a changed immutable value).
 */
export function replaceResource(
  existing: ScimResource,
  incoming: unknown,
  schemaSet: SchemaSet,
  resourceType: string = schemaSet.resourceTypeOf(existing),
): ReplaceResult {
  if (isPlainObject(incoming)) {
    const id = getProperty(incoming, 'id');
    if (id !== undefined && id !== null && id !== existing['id']) {
      throw ScimError.mutability(
        `"id" is read-only: the body names ${JSON.stringify(id)}, not ${JSON.stringify(existing['id'])}`,
      );
    }
  }
  const body = normalizeResourceBody(incoming, resourceType, schemaSet);
  carryOver(existing, body, schemaSet.coreAttributes(resourceType).values(), '');
  for (const extension of schemaSet.extensionSchemas(resourceType)) {
    const current = getProperty(existing, extension.id);
    if (!isPlainObject(current)) continue;
    const object = isPlainObject(body[extension.id]) ? (body[extension.id] as Record<string, unknown>) : {};
    carryOver(current, object, extension.attributes, `${extension.id}:`);
    if (isAssigned(object)) body[extension.id] = object;
  }
  assertResourceInvariants(body, resourceType, schemaSet, 'invalidValue');
  const { schemas: _schemas, id, meta, ...attributes } = body;
  const resource: ScimResource = { schemas: resourceSchemas(body, resourceType, schemaSet) };
  if (id !== undefined) resource['id'] = id;
  Object.assign(resource, attributes);
  if (meta !== undefined) resource['meta'] = meta;
  return { resource, changed: !jsonEqual(existing, resource) };
}
