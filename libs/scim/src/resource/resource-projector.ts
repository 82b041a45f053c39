import { isPlainObject, ScimResource } from '../json-value';
import { AttributeDefinition } from '../schema/attribute-definition';
import { SchemaSet } from '../schema/schema-set';

/** The `attributes` / `excludedAttributes` parameters (RFC 7644 §3.9), already split on commas. */
export interface Projection {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

/** Turns a stored resource into what the client asked to see. */
export type Projector = (resource: ScimResource) => ScimResource;

/** Selected attributes of one container (the resource, or one extension): whole, or some sub-attributes. */
type Selection = Map<string, true | Set<string>>;

interface CompiledProjection {
  readonly include: Map<string, Selection | true> | undefined;
  readonly exclude: Map<string, Selection | true>;
}

function select(
  map: Map<string, Selection | true>,
  container: string,
  attribute?: string,
  sub?: string,
): void {
  if (attribute === undefined) {
    map.set(container, true);
    return;
  }
  let selection = map.get(container);
  if (selection === true) return;
  if (selection === undefined) {
    selection = new Map();
    map.set(container, selection);
  }
  const current = selection.get(attribute);
  if (current === true) return;
  if (sub === undefined) {
    selection.set(attribute, true);
    return;
  }
  if (current === undefined) selection.set(attribute, new Set([sub]));
  else current.add(sub);
}

function compile(projection: Projection, schemaSet: SchemaSet, resourceType: string): CompiledProjection {
  const fill = (names: readonly string[] | undefined, map: Map<string, Selection | true>): void => {
    for (const name of names ?? []) {
      const resolved = schemaSet.resolveText(resourceType, name.trim());
      if (!resolved) continue;
      if (resolved.kind === 'extension') select(map, resolved.schema);
      else
        select(
          map,
          resolved.extension ? resolved.schema : '',
          resolved.attribute.name,
          resolved.subAttribute?.name,
        );
    }
  };
  const include = new Map<string, Selection | true>();
  const exclude = new Map<string, Selection | true>();
  fill(projection.attributes, include);
  fill(projection.excludedAttributes, exclude);
  const asked = (projection.attributes ?? []).some((name) => name.trim() !== '');
  return { include: asked ? include : undefined, exclude };
}

const defaultHidden = new WeakMap<AttributeDefinition, readonly string[]>();

/** Sub-attributes a value shows unless asked for by name: `returned` never, or request. */
function hiddenSubAttributes(
  attribute: AttributeDefinition,
  requested: ReadonlySet<string> | undefined,
): readonly string[] {
  const cached = requested === undefined ? defaultHidden.get(attribute) : undefined;
  if (cached) return cached;
  const hidden = (attribute.subAttributes ?? [])
    .filter((sub) => sub.returned === 'never' || (sub.returned === 'request' && !requested?.has(sub.name)))
    .map((sub) => sub.name);
  if (requested === undefined) defaultHidden.set(attribute, hidden);
  return hidden;
}

function pick(value: unknown, keep: (name: string) => boolean): unknown {
  const one = (element: unknown): unknown => {
    if (!isPlainObject(element)) return element;
    const result: Record<string, unknown> = {};
    for (const key in element) if (keep(key)) result[key] = element[key];
    return result;
  };
  if (Array.isArray(value)) return value.map(one);
  return one(value);
}

function projectAttribute(
  attribute: AttributeDefinition,
  value: unknown,
  included: true | Set<string> | undefined,
  excluded: true | Set<string> | undefined,
  restricted: boolean,
): unknown {
  if (attribute.returned === 'never') return undefined;
  const always = attribute.returned === 'always';
  if (restricted && !always && included === undefined) return undefined;
  if (!restricted && !always && (attribute.returned === 'request' || excluded === true)) return undefined;
  const requested = included instanceof Set ? included : undefined;
  const defaults = hiddenSubAttributes(attribute, requested);
  const excludedSubs = !restricted && excluded instanceof Set && !always;
  // Untouched values keep their identity: projecting a group with 10,000 members copies nothing.
  if (defaults.length === 0 && !excludedSubs && !(requested && !always)) return value;
  const hidden = new Set(defaults);
  if (requested && !always) {
    const alwaysShown = new Set(
      (attribute.subAttributes ?? []).filter((sub) => sub.returned === 'always').map((sub) => sub.name),
    );
    return pick(value, (name) => (requested.has(name) || alwaysShown.has(name)) && !hidden.has(name));
  }
  if (excludedSubs) {
    for (const name of excluded as Set<string>) {
      const sub = attribute.subAttributes?.find((candidate) => candidate.name === name);
      if (sub && sub.returned !== 'always') hidden.add(name);
    }
  }
  return hidden.size === 0 ? value : pick(value, (name) => !hidden.has(name));
}

function projectContainer(
  container: Record<string, unknown>,
  lookup: (name: string) => AttributeDefinition | undefined,
  include: Selection | true | undefined,
  exclude: Selection | true | undefined,
  restricted: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key in container) {
    const attribute = lookup(key);
    const value = container[key];
    if (!attribute) {
      if (!restricted) result[key] = value;
      continue;
    }
    const included = include === true ? true : include?.get(attribute.name);
    const excluded = exclude === true ? true : exclude?.get(attribute.name);
    const projected = projectAttribute(attribute, value, included, excluded, restricted);
    if (projected !== undefined) result[key] = projected;
  }
  return result;
}

/**
 * Compiles `attributes` / `excludedAttributes` for a resource type into a function, resolving names once
 * (case-insensitive, dotted sub-attributes, URN-qualified names, whole extensions; unknown names ignored).
 * `returned` rules (RFC 7643 §7): `never` is never shown (password), `always` always (id, schemas),
 * `request` only when named in `attributes`, `default` unless `attributes` names others or
 * `excludedAttributes` names it.
 */
export function createProjector(
  projection: Projection,
  schemaSet: SchemaSet,
  resourceType: string,
): Projector {
  const { include, exclude } = compile(projection, schemaSet, resourceType);
  const restricted = include !== undefined;
  const core = schemaSet.coreAttributes(resourceType);
  const extensions = schemaSet.extensionSchemas(resourceType).map((schema) => ({
    schema,
    attributes: new Map(schema.attributes.map((attribute) => [attribute.name.toLowerCase(), attribute])),
  }));
  const extensionKeys = new Map(
    extensions.map((extension) => [extension.schema.id.toLowerCase(), extension]),
  );
  return (resource) => {
    const result: ScimResource = {};
    for (const key in resource) {
      const value = resource[key];
      const extension = extensionKeys.get(key.toLowerCase());
      if (extension) {
        if (!isPlainObject(value)) continue;
        const id = extension.schema.id;
        const excluded = exclude.get(id);
        if (!restricted && excluded === true) continue;
        const included = include?.get(id);
        if (restricted && included === undefined) continue;
        const projected = projectContainer(
          value,
          (name) => extension.attributes.get(name.toLowerCase()),
          included,
          excluded,
          restricted,
        );
        if (Object.keys(projected).length > 0) result[key] = projected;
        continue;
      }
      const attribute = core.get(key.toLowerCase());
      if (!attribute) {
        if (!restricted) result[key] = value;
        continue;
      }
      const coreInclude = include?.get('');
      const coreExclude = exclude.get('');
      const included = coreInclude === true ? true : coreInclude?.get(attribute.name);
      const excluded = coreExclude === true ? true : coreExclude?.get(attribute.name);
      const projected = projectAttribute(attribute, value, included, excluded, restricted);
      if (projected !== undefined) result[key] = projected;
    }
    return result;
  };
}

/**
 * Applies `attributes` / `excludedAttributes` and the `returned` characteristics to one resource (see
 * `createProjector`, which is cheaper for a list). The resource type defaults to the resource's own.
 */
export function projectResource(
  resource: ScimResource,
  projection: Projection,
  schemaSet: SchemaSet,
  resourceType: string = schemaSet.resourceTypeOf(resource),
): ScimResource {
  return createProjector(projection, schemaSet, resourceType)(resource);
}
