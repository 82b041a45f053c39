import { getProperty, isAssigned, isPlainObject } from '../json-value';
import { AttributeDefinition } from '../schema/attribute-definition';
import { parseDateTime } from '../schema/date-time';
import { findSubAttribute, SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { AttributePath, CompareFilter, CompareOperator, FilterNode } from './filter-ast';
import { coerceComparisonValue } from './filter-comparison';
import { printAttributePath } from './filter-printer';

/** A compiled filter: true when the object matches. */
export type FilterPredicate = (object: Record<string, unknown>) => boolean;

type Read = (object: Record<string, unknown>) => unknown;

/** Where the paths of a filter are resolved: a resource, or one value of a multi-valued attribute. */
type Scope =
  | { readonly kind: 'resource'; readonly schemaSet: SchemaSet; readonly resourceType: string }
  | { readonly kind: 'element'; readonly attribute: AttributeDefinition; readonly path: string };

/** The values a comparison looks at. Single-valued attributes give one slot, even when unassigned. */
interface Target {
  readonly path: string;
  readonly definition: AttributeDefinition;
  readonly slots: (object: Record<string, unknown>) => readonly unknown[];
}

const NO_SLOTS: readonly unknown[] = [];

function slotsOf(
  read: Read,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
): Target['slots'] {
  if (sub === undefined) {
    if (!attribute.multiValued) return (object) => [read(object)];
    return (object) => {
      const value = read(object);
      if (Array.isArray(value)) return value;
      return value === undefined || value === null ? NO_SLOTS : [value];
    };
  }
  const readSub = (element: unknown): unknown =>
    isPlainObject(element) ? getProperty(element, sub.name) : undefined;
  if (!attribute.multiValued) {
    if (!sub.multiValued) return (object) => [readSub(read(object))];
    return (object) => {
      const value = readSub(read(object));
      return Array.isArray(value) ? value : [value];
    };
  }
  return (object) => {
    const value = read(object);
    const elements = Array.isArray(value)
      ? value
      : value === undefined || value === null
        ? NO_SLOTS
        : [value];
    if (!sub.multiValued) return elements.map(readSub);
    const flat: unknown[] = [];
    for (const element of elements) {
      const inner = readSub(element);
      if (Array.isArray(inner)) flat.push(...inner);
      else flat.push(inner);
    }
    return flat;
  };
}

interface Located {
  readonly read: Read;
  readonly attribute: AttributeDefinition;
  readonly sub?: AttributeDefinition;
  readonly path: string;
}

function locate(path: AttributePath, scope: Scope): Located {
  const written = printAttributePath(path);
  if (scope.kind === 'element') {
    const where = `${scope.path}[${written}]`;
    if (path.uri !== undefined || path.subAttr !== undefined) {
      throw ScimError.invalidFilter(`${where}: inside a value filter, name a sub-attribute of ${scope.path}`);
    }
    if (scope.attribute.type !== 'complex') {
      if (path.name.toLowerCase() !== 'value') {
        throw ScimError.invalidFilter(`${scope.path} has simple values: compare "value", not "${path.name}"`);
      }
      return {
        read: (element) => element['value'],
        attribute: { ...scope.attribute, multiValued: false },
        path: where,
      };
    }
    const sub = findSubAttribute(scope.attribute, path.name);
    if (!sub) throw ScimError.invalidFilter(`Unknown attribute "${path.name}" in ${scope.path}[…]`);
    return {
      read: (element) => getProperty(element, sub.name),
      attribute: sub,
      path: `${scope.path}.${sub.name}`,
    };
  }
  const resolved = scope.schemaSet.resolveAttribute(scope.resourceType, path);
  if (!resolved) throw ScimError.invalidFilter(`Unknown attribute "${written}" for ${scope.resourceType}`);
  const { attribute } = resolved;
  let read: Read;
  if (resolved.extension) {
    const urn = resolved.schema;
    read = (object) => {
      const extension = getProperty(object, urn);
      return isPlainObject(extension) ? getProperty(extension, attribute.name) : undefined;
    };
  } else {
    read = (object) => getProperty(object, attribute.name);
  }
  return resolved.subAttribute === undefined
    ? { read, attribute, path: resolved.path }
    : { read, attribute, sub: resolved.subAttribute, path: resolved.path };
}

/** The target of a comparison: a complex attribute named without a sub-attribute compares its `value`. */
function comparisonTarget(path: AttributePath, scope: Scope): Target {
  const located = locate(path, scope);
  let sub = located.sub;
  let pathText = located.path;
  if (sub === undefined && located.attribute.type === 'complex') {
    sub = findSubAttribute(located.attribute, 'value');
    if (!sub) {
      throw ScimError.invalidFilter(
        `${located.path} is a complex attribute without "value": compare a sub-attribute`,
      );
    }
    pathText = `${located.path}.value`;
  }
  return {
    path: pathText,
    definition: sub ?? located.attribute,
    slots: slotsOf(located.read, located.attribute, sub),
  };
}

function presenceTarget(path: AttributePath, scope: Scope): Target {
  const located = locate(path, scope);
  const slots: Target['slots'] =
    located.sub === undefined
      ? (object) => [located.read(object)]
      : slotsOf(located.read, located.attribute, located.sub);
  return { path: located.path, definition: located.sub ?? located.attribute, slots };
}

function lower(value: string, caseExact: boolean): string {
  return caseExact ? value : value.toLowerCase();
}

/** A test of one slot value, for every operator but `ne` (which negates `eq` per slot). */
function slotTest(
  target: Target,
  op: Exclude<CompareOperator, 'ne'>,
  value: string | number | boolean,
): (slot: unknown) => boolean {
  const { type, caseExact } = target.definition;
  if (type === 'boolean') return (slot) => slot === value;
  if (type === 'integer' || type === 'decimal') {
    const number = value as number;
    return (slot) => typeof slot === 'number' && compareOrdered(op, slot, number);
  }
  if (type === 'dateTime') {
    const time = parseDateTime(value as string) as number;
    return (slot) => {
      if (typeof slot !== 'string') return false;
      const slotTime = parseDateTime(slot);
      return slotTime !== undefined && compareOrdered(op, slotTime, time);
    };
  }
  const needle = lower(value as string, caseExact);
  switch (op) {
    case 'eq':
      return (slot) => typeof slot === 'string' && lower(slot, caseExact) === needle;
    case 'co':
      return (slot) => typeof slot === 'string' && lower(slot, caseExact).includes(needle);
    case 'sw':
      return (slot) => typeof slot === 'string' && lower(slot, caseExact).startsWith(needle);
    case 'ew':
      return (slot) => typeof slot === 'string' && lower(slot, caseExact).endsWith(needle);
    default:
      return (slot) => typeof slot === 'string' && compareOrdered(op, lower(slot, caseExact), needle);
  }
}

function compareOrdered(op: CompareOperator, left: number | string, right: number | string): boolean {
  switch (op) {
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      return left === right;
  }
}

function compileComparison(node: CompareFilter, scope: Scope): FilterPredicate {
  const target = comparisonTarget(node.path, scope);
  const value = coerceComparisonValue(target.path, target.definition.type, node.op, node.value);
  const { slots } = target;
  if (value === null) {
    // `eq null` asks for an unassigned attribute, `ne null` for an assigned one.
    return node.op === 'eq'
      ? (object) => !slots(object).some(isAssigned)
      : (object) => slots(object).some(isAssigned);
  }
  if (node.op === 'ne') {
    const equal = slotTest(target, 'eq', value);
    return (object) => slots(object).some((slot) => !equal(slot));
  }
  const test = slotTest(target, node.op, value);
  return (object) => slots(object).some(test);
}

function compileValuePath(path: AttributePath, filter: FilterNode, scope: Scope): FilterPredicate {
  const located = locate(path, scope);
  if (located.sub !== undefined) {
    throw ScimError.invalidFilter(
      `A value filter must follow an attribute, not the sub-attribute ${located.path}`,
    );
  }
  const { attribute, read } = located;
  if (attribute.type !== 'complex' && !attribute.multiValued) {
    throw ScimError.invalidFilter(
      `${located.path} is neither complex nor multi-valued: it cannot take a value filter`,
    );
  }
  const inner = compileNode(filter, { kind: 'element', attribute, path: located.path });
  if (attribute.type !== 'complex') {
    return (object) => {
      const value = read(object);
      const elements = Array.isArray(value) ? value : NO_SLOTS;
      return elements.some((element) => inner({ value: element }));
    };
  }
  if (!attribute.multiValued) {
    return (object) => {
      const value = read(object);
      return isPlainObject(value) && inner(value);
    };
  }
  return (object) => {
    const value = read(object);
    if (!Array.isArray(value)) return isPlainObject(value) && inner(value);
    for (const element of value) {
      if (isPlainObject(element) && inner(element)) return true;
    }
    return false;
  };
}

function compileNode(node: FilterNode, scope: Scope): FilterPredicate {
  switch (node.kind) {
    case 'compare':
      return compileComparison(node, scope);
    case 'present': {
      const { slots } = presenceTarget(node.path, scope);
      return (object) => slots(object).some(isAssigned);
    }
    case 'and': {
      const left = compileNode(node.left, scope);
      const right = compileNode(node.right, scope);
      return (object) => left(object) && right(object);
    }
    case 'or': {
      const left = compileNode(node.left, scope);
      const right = compileNode(node.right, scope);
      return (object) => left(object) || right(object);
    }
    case 'not': {
      const inner = compileNode(node.filter, scope);
      return (object) => !inner(object);
    }
    case 'valuePath':
      if (scope.kind === 'element') throw ScimError.invalidFilter('Value filters cannot be nested');
      return compileValuePath(node.path, node.filter, scope);
  }
}

/**
 * Compiles a filter for a resource type into a predicate, resolving every attribute once. Semantics
 * (RFC 7644 §3.4.2.2): attribute names are case-insensitive, string comparisons honour each attribute's
 * `caseExact`, a multi-valued attribute matches when any value does, a complex attribute named without a
 * sub-attribute compares its `value`, dateTimes compare as instants, `pr` is false for null, "", [] and {},
 * `ne` is true for an unassigned single-valued attribute, `eq null` means "not present".
 *
 * @throws ScimError 400 invalidFilter for unknown attributes and comparisons the attribute type forbids.
 */
export function compileFilter(
  filter: FilterNode,
  schemaSet: SchemaSet,
  resourceType: string,
): FilterPredicate {
  return compileNode(filter, { kind: 'resource', schemaSet, resourceType });
}

/**
 * Compiles the filter of a value path (`emails[type eq "work"]`) into a test of one value of `attribute`;
 * simple multi-valued attributes expose their value as `value`. `path` names the attribute in errors.
 */
export function compileValueFilter(
  filter: FilterNode,
  attribute: AttributeDefinition,
  path: string,
): (element: unknown) => boolean {
  const inner = compileNode(filter, { kind: 'element', attribute, path });
  if (attribute.type !== 'complex') return (element) => inner({ value: element });
  return (element) => isPlainObject(element) && inner(element);
}

/**
 * Evaluates a filter against one resource. The resource type comes from `resourceType` or else from the
 * resource's `meta.resourceType` / `schemas`. For many resources, compile once with `compileFilter`.
 */
export function matchesFilter(
  resource: Record<string, unknown>,
  filter: FilterNode,
  schemaSet: SchemaSet,
  resourceType: string = schemaSet.resourceTypeOf(resource),
): boolean {
  return compileFilter(filter, schemaSet, resourceType)(resource);
}
