import { CompareFilter, FilterNode, PatchPath } from '../filter/filter-ast';
import { compileValueFilter } from '../filter/filter-evaluator';
import { parsePath } from '../filter/filter-parser';
import { printPath } from '../filter/filter-printer';
import { getProperty, isAssigned, isPlainObject, jsonEqual, ScimResource } from '../json-value';
import {
  assertRequiredSubAttributes,
  assertSinglePrimary,
  elementKey,
  normalizeAttributeValue,
  normalizeSingleValue,
} from '../resource/attribute-value';
import { assertResourceInvariants, resourceSchemas } from '../resource/resource-validator';
import { AttributeDefinition } from '../schema/attribute-definition';
import { findSubAttribute, ResolvedAttribute, SchemaSet } from '../schema/schema-set';
import { ScimSchemaUrns } from '../schema/schema-urns';
import { ScimError } from '../scim-error';

/** One PATCH operation (RFC 7644 §3.5.2). `op` is matched case-insensitively. */
export interface PatchOperation {
  readonly op: string;
  readonly path?: string;
  readonly value?: unknown;
}

/** The outcome of `applyPatch`. */
export interface PatchResult {
  /** The patched resource; the input is never modified (it is returned as is when nothing was written). */
  readonly resource: ScimResource;
  /** False when the operations left the resource equal to the input (re-adding a member, same value). */
  readonly changed: boolean;
}

/** Options of `applyPatch`. */
export interface PatchOptions {
  /** The resource type; by default taken from the resource's `meta.resourceType` or `schemas`. */
  readonly resourceType?: string;
}

type OperationName = 'add' | 'replace' | 'remove';

/**
 * Validates a PatchOp request body (RFC 7644 §3.5.2) and returns its operations. Key names are matched
 * case-insensitively and a missing `schemas` is tolerated.
 *
 * @throws ScimError 400 invalidSyntax when the body is not a PatchOp message.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw ScimError.invalidSyntax('The PATCH body must be a JSON object');
  // Lenient: a body without `schemas` is still unambiguous; one that names other messages is not.
  const schemas = getProperty(body, 'schemas');
  const patchOp = ScimSchemaUrns.patchOp.toLowerCase();
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) ||
      !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === patchOp))
  ) {
    throw ScimError.invalidSyntax(`The PATCH body must list "${ScimSchemaUrns.patchOp}" in schemas`);
  }
  const operations = getProperty(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.invalidSyntax('The PATCH body must have a non-empty "Operations" array');
  }
  return operations.map((operation, index) => toOperation(operation, index));
}

function toOperation(operation: unknown, index: number): PatchOperation {
  if (!isPlainObject(operation)) throw ScimError.invalidSyntax(`Operations[${index}] must be an object`);
  const op = getProperty(operation, 'op');
  if (typeof op !== 'string') throw ScimError.invalidSyntax(`Operations[${index}].op must be a string`);
  const path = getProperty(operation, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw ScimError.invalidSyntax(`Operations[${index}].path must be a string`);
  }
  const value = getProperty(operation, 'value');
  // RFC 7644 §3.5.2.1, §3.5.2.3: an add or a replace "MUST contain a "value" member" (null is one: it unassigns)
  if (value === undefined && /^(add|replace)$/i.test(op)) {
    throw ScimError.invalidValue(`Operations[${index}]: "${op}" needs a "value"`);
  }
  const result: { op: string; path?: string; value?: unknown } = { op };
  if (typeof path === 'string') result.path = path;
  if (value !== undefined) result.value = value;
  return result;
}

/** What a path names in an extension the schema set does not define: the whole extension, or one attribute of it. */
export interface UndefinedExtensionTarget {
  readonly urn: string;
  readonly name?: string;
  readonly subAttr?: string;
}

/**
 * The target of `text` (a PATCH path or a key of a path-less value) in an extension `schemaSet` does not define
 * (SchemaSet.isUndefinedExtension), or undefined. `urn:…:2.0:User` is the whole extension when its last part
 * names the resource type, as extension URNs do; otherwise the last part is an attribute of the URN before it.
 */
export function undefinedExtensionTarget(
  schemaSet: SchemaSet,
  resourceType: string,
  text: string,
): UndefinedExtensionTarget | undefined {
  if (
    schemaSet.isUndefinedExtension(resourceType, text) &&
    text.split(':').pop()?.toLowerCase() === resourceType.toLowerCase()
  )
    return { urn: text };
  let path: PatchPath;
  try {
    path = parsePath(text);
  } catch {
    return undefined;
  }
  const { uri, name, subAttr } = path.attribute;
  if (path.filter !== undefined || uri === undefined || !schemaSet.isUndefinedExtension(resourceType, uri))
    return undefined;
  return { urn: uri, name, ...(subAttr === undefined ? {} : { subAttr }) };
}

/** The element fields that an `eq`-only value filter pins down, for creating the element it selects. */
function equalityFields(
  filter: FilterNode,
  attribute: AttributeDefinition,
  fields: Record<string, unknown>,
): boolean {
  if (filter.kind === 'and') {
    return equalityFields(filter.left, attribute, fields) && equalityFields(filter.right, attribute, fields);
  }
  if (
    filter.kind !== 'compare' ||
    filter.op !== 'eq' ||
    filter.path.uri !== undefined ||
    filter.path.subAttr !== undefined
  ) {
    return false;
  }
  const sub = findSubAttribute(attribute, filter.path.name);
  if (!sub || sub.multiValued || filter.value === null) return false;
  const value =
    sub.type === 'boolean' && typeof filter.value === 'string'
      ? filter.value.toLowerCase() === 'true'
      : filter.value;
  fields[sub.name] = normalizeSingleValue(value, sub, sub.name);
  return true;
}

/** `value eq "x"` on the identifying sub-attribute, which an index answers without scanning. */
function identityLookup(filter: FilterNode, attribute: AttributeDefinition): string | undefined {
  if (attribute.identifiedBy === undefined || filter.kind !== 'compare') return undefined;
  const compare: CompareFilter = filter;
  if (compare.op !== 'eq' || compare.path.uri !== undefined || compare.path.subAttr !== undefined) {
    return undefined;
  }
  if (compare.path.name.toLowerCase() !== attribute.identifiedBy.toLowerCase()) return undefined;
  if (typeof compare.value !== 'string') return undefined;
  return elementKey(attribute, { [attribute.identifiedBy]: compare.value });
}

/** Whether `element` has every sub-attribute of `probe` with an equal value (`caseExact`-aware). */
function matchesProbe(element: unknown, probe: unknown, attribute: AttributeDefinition): boolean {
  if (attribute.type !== 'complex') {
    if (typeof element === 'string' && typeof probe === 'string' && !attribute.caseExact) {
      return element.toLowerCase() === probe.toLowerCase();
    }
    return jsonEqual(element, probe);
  }
  if (!isPlainObject(element) || !isPlainObject(probe)) return false;
  for (const key in probe) {
    const sub = findSubAttribute(attribute, key);
    const left = element[key];
    const right = probe[key];
    if (typeof left === 'string' && typeof right === 'string' && sub && !sub.caseExact) {
      if (left.toLowerCase() !== right.toLowerCase()) return false;
    } else if (!jsonEqual(left, right)) {
      return false;
    }
  }
  return true;
}

/**
 * Drops values that a change made identical to an earlier one (same identity, or equal), so that a stored
 * multi-valued attribute never repeats a value, as after `validateResource`.
 */
function withoutDuplicates(attribute: AttributeDefinition, elements: unknown[]): unknown[] {
  const keys = new Set<string>();
  const kept: unknown[] = [];
  for (const element of elements) {
    const key = elementKey(attribute, element);
    if (key !== undefined) {
      if (keys.has(key)) continue;
      keys.add(key);
    } else if (kept.some((candidate) => jsonEqual(candidate, element))) {
      continue;
    }
    kept.push(element);
  }
  return kept.length === elements.length ? elements : kept;
}

/**
 * Applies RFC 7644 §3.5.2 PATCH operations to one resource. Copy-on-write: the input is never modified, and
 * nothing is returned unless every operation succeeds, so a failure changes nothing.
 */
class PatchEngine {
  private readonly root: ScimResource;
  /** Objects and arrays created by this patch, which may be modified in place. */
  private readonly owned = new WeakSet<object>();
  /** Elements by identity (members by value), per array; null when keys repeat. */
  private readonly identityIndexes = new WeakMap<readonly unknown[], Map<string, unknown> | null>();
  private dirty = false;

  constructor(
    private readonly original: ScimResource,
    private readonly schemaSet: SchemaSet,
    private readonly resourceType: string,
  ) {
    this.root = { ...original };
    this.owned.add(this.root);
  }

  run(operations: readonly PatchOperation[]): { resource: ScimResource; changed: boolean } {
    operations.forEach((operation, index) => this.applyOperation(operation, index));
    if (!this.dirty) return { resource: this.original, changed: false };
    this.dropEmptyExtensions();
    assertResourceInvariants(this.root, this.resourceType, this.schemaSet, 'mutability');
    if (this.original['schemas'] !== undefined || this.root['schemas'] !== undefined) {
      const schemas = resourceSchemas(this.root, this.resourceType, this.schemaSet);
      if (!jsonEqual(schemas, this.root['schemas'])) this.root['schemas'] = schemas;
    }
    return { resource: this.root, changed: !jsonEqual(this.original, this.root) };
  }

  private applyOperation(operation: PatchOperation, index: number): void {
    const name = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw ScimError.invalidSyntax(
        `Operations[${index}].op must be "add", "replace" or "remove", got ${JSON.stringify(operation.op)}`,
      );
    }
    const pathText = typeof operation.path === 'string' ? operation.path.trim() : '';
    if (pathText === '') {
      if (name === 'remove') throw ScimError.noTarget(`Operations[${index}]: "remove" needs a path`);
      if (!isPlainObject(operation.value)) {
        throw ScimError.invalidSyntax(
          `Operations[${index}]: without a path, "value" must be an object of attributes`,
        );
      }
      for (const key in operation.value) this.applyKey(name, key, operation.value[key]);
      return;
    }
    this.applyPath(name, parsePath(pathText), operation.value, false);
  }

  /** One key of a path-less value: a name, a dotted or URN-qualified path, an extension URN, even a value path. */
  private applyKey(op: OperationName, key: string, value: unknown): void {
    if (key.toLowerCase() === 'schemas') return;
    const resolved = this.schemaSet.resolveText(this.resourceType, key);
    if (!resolved) {
      // Entra ID sends keys such as `emails[type eq "work"].value` in path-less values.
      if (key.includes('[')) this.applyPath(op, parsePath(key), value, true);
      else if (key.toLowerCase().startsWith('urn:')) {
        const target = this.undefinedExtensionTarget(key);
        if (target) this.applyUndefinedExtension(op, target, value);
      }
      return;
    }
    if (resolved.kind === 'extension') {
      this.applyExtension(op, resolved.schema, value, true);
      return;
    }
    if (resolved.attribute.mutability === 'readOnly' || resolved.subAttribute?.mutability === 'readOnly') {
      // Okta sends the group's own `id` beside `displayName`: tolerated when it changes nothing.
      const current = this.read(resolved);
      if (jsonEqual(current, value) || (!isAssigned(value) && !isAssigned(current))) return;
      throw ScimError.mutability(`${resolved.path} is read-only`);
    }
    this.applyAttribute(op, resolved, undefined, undefined, value, key);
  }

  private applyPath(op: OperationName, path: PatchPath, value: unknown, fromKey: boolean): void {
    const text = printPath(path);
    const resolved = this.schemaSet.resolve(this.resourceType, path.attribute);
    if (!resolved) {
      const target = path.filter === undefined ? this.undefinedExtensionTarget(text) : undefined;
      if (!target) throw ScimError.invalidPath(`Unknown attribute in path "${text}"`);
      this.applyUndefinedExtension(op, target, value);
      return;
    }
    if (resolved.kind === 'extension') {
      if (path.filter !== undefined) {
        throw ScimError.invalidPath(`"${text}": an extension cannot take a value filter`);
      }
      this.applyExtension(op, resolved.schema, value, fromKey);
      return;
    }
    let filterSub: AttributeDefinition | undefined;
    if (path.filter !== undefined) {
      if (!resolved.attribute.multiValued) {
        throw ScimError.invalidPath(
          `"${text}": ${resolved.path} is not multi-valued and cannot take a value filter`,
        );
      }
      if (path.subAttr !== undefined) {
        filterSub = findSubAttribute(resolved.attribute, path.subAttr);
        if (!filterSub) throw ScimError.invalidPath(`Unknown attribute in path "${text}"`);
      }
    }
    const readOnly =
      resolved.attribute.mutability === 'readOnly' ||
      resolved.subAttribute?.mutability === 'readOnly' ||
      filterSub?.mutability === 'readOnly';
    if (readOnly) throw ScimError.mutability(`"${text}" is read-only`);
    this.applyAttribute(op, resolved, path.filter, filterSub, value, text);
  }

  /** What `text` names in an extension the schema set does not define, if it names anything there. */
  private undefinedExtensionTarget(text: string): UndefinedExtensionTarget | undefined {
    return undefinedExtensionTarget(this.schemaSet, this.resourceType, text);
  }

  /**
   * An operation on an extension the schema set does not define (an identity provider's custom schema): its
   * values are set, merged or removed as sent, unchecked, since the server knows nothing of their types.
   */
  private applyUndefinedExtension(op: OperationName, target: UndefinedExtensionTarget, value: unknown): void {
    const key =
      Object.keys(this.root).find((name) => name.toLowerCase() === target.urn.toLowerCase()) ?? target.urn;
    const before = this.root[key];
    const container: Record<string, unknown> = isPlainObject(before) ? { ...before } : {};
    const unassign = op === 'remove' || value === null;
    if (target.name === undefined) {
      if (unassign) {
        for (const name of Object.keys(container)) delete container[name];
      } else {
        if (!isPlainObject(value))
          throw ScimError.invalidValue(`The value for ${target.urn} must be an object`);
        Object.assign(container, structuredClone(value));
      }
    } else {
      const name =
        Object.keys(container).find((candidate) => candidate.toLowerCase() === target.name!.toLowerCase()) ??
        target.name;
      if (target.subAttr === undefined) {
        if (unassign) delete container[name];
        else if (op === 'add' && Array.isArray(container[name]) && Array.isArray(value))
          container[name] = [...(container[name] as unknown[]), ...structuredClone(value)];
        else container[name] = structuredClone(value);
      } else {
        const inner: Record<string, unknown> = isPlainObject(container[name]) ? { ...container[name] } : {};
        if (unassign) delete inner[target.subAttr];
        else inner[target.subAttr] = structuredClone(value);
        if (isAssigned(inner)) container[name] = inner;
        else delete container[name];
      }
    }
    const next = isAssigned(container) ? container : undefined;
    if (jsonEqual(before, next)) return;
    if (next === undefined) delete this.root[key];
    else this.root[key] = next;
    this.dirty = true;
  }

  private applyExtension(op: OperationName, urn: string, value: unknown, fromKey: boolean): void {
    if (op === 'remove' || value === null) {
      if (this.root[urn] !== undefined) {
        delete this.root[urn];
        this.dirty = true;
      }
      return;
    }
    if (!isPlainObject(value)) throw ScimError.invalidValue(`The value for ${urn} must be an object`);
    for (const name in value) {
      const inner = this.schemaSet.resolveText(this.resourceType, `${urn}:${name}`);
      if (inner?.kind !== 'attribute') {
        // A client that serializes the extension as a resource of its own lists its URN in it (scim2-models does).
        if (fromKey || name.toLowerCase() === 'schemas') continue;
        throw ScimError.invalidPath(`Unknown attribute "${name}" in ${urn}`);
      }
      if (inner.attribute.mutability === 'readOnly' || inner.subAttribute?.mutability === 'readOnly') {
        if (jsonEqual(this.read(inner), value[name])) continue;
        throw ScimError.mutability(`${inner.path} is read-only`);
      }
      this.applyAttribute(op, inner, undefined, undefined, value[name], inner.path);
    }
  }

  private applyAttribute(
    op: OperationName,
    resolved: ResolvedAttribute,
    filter: FilterNode | undefined,
    filterSub: AttributeDefinition | undefined,
    value: unknown,
    text: string,
  ): void {
    if (filter !== undefined) {
      this.applyFiltered(op, resolved, filter, filterSub, value, text);
    } else if (resolved.subAttribute !== undefined) {
      this.applySubAttribute(op, resolved, resolved.subAttribute, value, text);
    } else if (resolved.attribute.multiValued) {
      this.applyMultiValued(op, resolved, value, text);
    } else if (resolved.attribute.type === 'complex') {
      this.applyComplex(op, resolved, value, text);
    } else {
      this.applySimple(op, resolved, value, text);
    }
  }

  private applySimple(op: OperationName, resolved: ResolvedAttribute, value: unknown, text: string): void {
    const { attribute } = resolved;
    const next = op === 'remove' ? undefined : normalizeSingleValue(value, attribute, text);
    this.assertMutable(attribute, this.read(resolved), next, text);
    this.write(resolved, next);
  }

  private applyComplex(op: OperationName, resolved: ResolvedAttribute, value: unknown, text: string): void {
    const { attribute } = resolved;
    if (op === 'remove' || value === null) {
      this.assertMutable(attribute, this.read(resolved), undefined, text);
      this.write(resolved, undefined);
      return;
    }
    if (!isPlainObject(value)) throw ScimError.invalidValue(`${text} must be an object`);
    // add and replace both merge: sub-attributes not in the value are left unchanged (RFC 7644 §3.5.2.3).
    const current = this.read(resolved);
    const merged: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
    for (const key in value) {
      const sub = findSubAttribute(attribute, key);
      if (!sub || sub.mutability === 'readOnly') continue;
      const next = normalizeAttributeValue(value[key], sub, `${resolved.path}.${sub.name}`);
      this.assertMutable(sub, merged[sub.name], next, `${resolved.path}.${sub.name}`);
      if (next === undefined) delete merged[sub.name];
      else merged[sub.name] = next;
    }
    if (isAssigned(merged)) assertRequiredSubAttributes(merged, attribute, resolved.path, 'mutability');
    this.write(resolved, isAssigned(merged) ? merged : undefined);
  }

  private applySubAttribute(
    op: OperationName,
    resolved: ResolvedAttribute,
    sub: AttributeDefinition,
    value: unknown,
    text: string,
  ): void {
    const next = op === 'remove' ? undefined : normalizeAttributeValue(value, sub, text);
    const current = this.readWhole(resolved);
    if (!resolved.attribute.multiValued) {
      const object: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
      this.assertMutable(sub, object[sub.name], next, text);
      if (next === undefined) delete object[sub.name];
      else object[sub.name] = next;
      if (isAssigned(object)) {
        assertRequiredSubAttributes(object, resolved.attribute, resolved.path, 'mutability');
      }
      this.write(resolved, isAssigned(object) ? object : undefined);
      return;
    }
    // `emails.type` without a filter addresses that sub-attribute in every value.
    if (!Array.isArray(current) || current.length === 0) {
      if (op === 'replace') throw ScimError.noTarget(`"${text}": ${resolved.attribute.name} has no values`);
      return;
    }
    const indices = current.map((_, index) => index);
    this.setSubAttribute(resolved, current, indices, sub, next, text);
  }

  private applyMultiValued(
    op: OperationName,
    resolved: ResolvedAttribute,
    value: unknown,
    text: string,
  ): void {
    const { attribute } = resolved;
    const current = this.read(resolved);
    if (op === 'remove') {
      if (value === undefined || value === null) {
        this.write(resolved, undefined);
        return;
      }
      this.removeValues(resolved, current, value, text);
      return;
    }
    const incoming = value === null ? [] : Array.isArray(value) ? value : [value];
    if (op === 'replace') {
      const next = normalizeAttributeValue(incoming, attribute, text);
      if (Array.isArray(next) && findSubAttribute(attribute, 'primary')) assertSinglePrimary(next, text);
      this.write(resolved, next);
      return;
    }
    const additions = normalizeAttributeValue(incoming, attribute, text);
    if (!Array.isArray(additions)) return;
    if (findSubAttribute(attribute, 'primary')) assertSinglePrimary(additions, text);
    const existing = Array.isArray(current) ? current : [];
    const appended: number[] = [];
    let array: unknown[] | undefined;
    const index = this.identityIndex(attribute, existing);
    for (const element of additions) {
      const key = elementKey(attribute, element);
      if (key !== undefined && index !== null) {
        if (index.has(key)) continue;
      } else if ((array ?? existing).some((candidate) => jsonEqual(candidate, element))) {
        continue;
      }
      array ??= this.ownArray(resolved, existing);
      array.push(element);
      if (key !== undefined && index !== null) {
        index.set(key, element);
        this.identityIndexes.set(array, index);
      }
      appended.push(array.length - 1);
    }
    if (array === undefined) return;
    this.dirty = true;
    if (!this.unsetOtherPrimaries(attribute, array, appended)) return;
    // a value whose primary was unset may now equal another one: kept once, as a replace would keep it
    const kept = withoutDuplicates(attribute, array);
    if (kept === array) return;
    this.identityIndexes.delete(array);
    this.write(resolved, this.adopt(kept));
  }

  /** Non-RFC removal by value (`{"op":"remove","path":"members","value":[{"value":"id"}]}`), as JumpCloud and Entra send. */
  private removeValues(resolved: ResolvedAttribute, current: unknown, value: unknown, text: string): void {
    if (!Array.isArray(current) || current.length === 0) return;
    const { attribute } = resolved;
    const probes = (Array.isArray(value) ? value : [value]).map((probe) =>
      normalizeSingleValue(probe, attribute, text),
    );
    const keys = new Set<string>();
    const others: unknown[] = [];
    for (const probe of probes) {
      if (probe === undefined) continue;
      const key = elementKey(attribute, probe);
      if (key !== undefined) keys.add(key);
      else others.push(probe);
    }
    const kept = current.filter((element) => {
      const key = elementKey(attribute, element);
      if (key !== undefined && keys.has(key)) return false;
      return !others.some((probe) => matchesProbe(element, probe, attribute));
    });
    if (kept.length !== current.length) {
      this.write(resolved, kept.length === 0 ? undefined : this.adopt(kept));
    }
  }

  private applyFiltered(
    op: OperationName,
    resolved: ResolvedAttribute,
    filter: FilterNode,
    filterSub: AttributeDefinition | undefined,
    value: unknown,
    text: string,
  ): void {
    const { attribute } = resolved;
    const current = this.read(resolved);
    const elements = Array.isArray(current) ? current : [];
    const matched = this.select(attribute, elements, filter, resolved.path);
    if (op === 'remove') {
      if (matched.length === 0) return; // RFC 7644 §3.5.2.2: removing what is not there succeeds.
      if (filterSub === undefined) {
        this.removeElements(resolved, elements, matched);
      } else {
        this.setSubAttribute(resolved, elements, matched, filterSub, undefined, text);
      }
      return;
    }
    if (matched.length === 0) {
      const fields: Record<string, unknown> = {};
      // `add` to a selection that matches nothing creates the value the filter describes (Entra ID adds
      // `emails[type eq "work"].value` this way); `replace` must fail (RFC 7644 §3.5.2.3).
      if (op === 'replace' || attribute.type !== 'complex' || !equalityFields(filter, attribute, fields)) {
        throw ScimError.noTarget(`"${text}" matches no value`);
      }
      const element =
        filterSub === undefined
          ? { ...fields, ...(this.elementValue(attribute, value, text) as Record<string, unknown>) }
          : { ...fields, [filterSub.name]: value };
      this.applyMultiValued('add', resolved, [element], text);
      return;
    }
    if (filterSub !== undefined) {
      const next = normalizeAttributeValue(value, filterSub, text);
      this.setSubAttribute(resolved, elements, matched, filterSub, next, text);
      return;
    }
    const replacement = normalizeSingleValue(this.elementValue(attribute, value, text), attribute, text);
    const array = this.ownArray(resolved, elements);
    for (const index of matched) {
      const element = array[index];
      if (op === 'replace' || !isPlainObject(replacement) || !isPlainObject(element)) {
        array[index] = replacement;
        continue;
      }
      const merged: Record<string, unknown> = { ...element };
      for (const key in replacement) {
        const sub = findSubAttribute(attribute, key);
        if (sub) this.assertMutable(sub, merged[key], replacement[key], `${resolved.path}.${sub.name}`);
        merged[key] = replacement[key];
      }
      array[index] = merged;
    }
    this.identityIndexes.delete(array);
    this.unsetOtherPrimaries(attribute, array, matched);
    const kept = withoutDuplicates(
      attribute,
      array.filter((element) => element !== undefined),
    );
    this.write(
      resolved,
      kept.length === 0 ? undefined : kept.length === array.length ? array : this.adopt(kept),
    );
  }

  /** Removes the elements at `positions`, keeping the identity index of what remains. */
  private removeElements(
    resolved: ResolvedAttribute,
    elements: readonly unknown[],
    positions: readonly number[],
  ): void {
    const index = this.identityIndexes.get(elements);
    if (positions.length === elements.length) {
      this.write(resolved, undefined);
      return;
    }
    const removedKeys = index
      ? positions.map((position) => elementKey(resolved.attribute, elements[position]))
      : [];
    let kept: unknown[];
    if (positions.length === 1) {
      kept = this.ownArray(resolved, elements);
      kept.splice(positions[0] as number, 1);
    } else {
      const drop = new Set(positions);
      kept = this.adopt(elements.filter((_, position) => !drop.has(position)));
      this.write(resolved, kept);
    }
    if (index) {
      for (const key of removedKeys) if (key !== undefined) index.delete(key);
      this.identityIndexes.set(kept, index);
    } else {
      this.identityIndexes.delete(kept);
    }
  }

  /** The element value of a filtered add/replace: an object, or a one-element array of one (Entra). */
  private elementValue(attribute: AttributeDefinition, value: unknown, text: string): unknown {
    if (Array.isArray(value)) {
      if (value.length !== 1) {
        throw ScimError.invalidValue(`"${text}" selects values: give one value, not an array`);
      }
      return value[0];
    }
    if (attribute.type === 'complex' && !isPlainObject(value)) {
      throw ScimError.invalidValue(`${text} must be an object`);
    }
    return value;
  }

  private setSubAttribute(
    resolved: ResolvedAttribute,
    elements: readonly unknown[],
    indices: readonly number[],
    sub: AttributeDefinition,
    next: unknown,
    text: string,
  ): void {
    const array = this.ownArray(resolved, elements);
    let changed = false;
    for (const index of indices) {
      const element = array[index];
      const object: Record<string, unknown> = isPlainObject(element) ? { ...element } : {};
      this.assertMutable(sub, object[sub.name], next, text);
      if (jsonEqual(object[sub.name], next)) continue;
      if (next === undefined) delete object[sub.name];
      else object[sub.name] = next;
      array[index] = object;
      changed = true;
    }
    if (!changed) return;
    this.identityIndexes.delete(array);
    if (sub.name === 'primary' && next === true) this.unsetOtherPrimaries(resolved.attribute, array, indices);
    const kept = withoutDuplicates(
      resolved.attribute,
      array.filter((element) => isAssigned(element)),
    );
    this.write(
      resolved,
      kept.length === 0 ? undefined : kept.length === array.length ? array : this.adopt(kept),
    );
  }

  /**
   * Setting one value primary unsets the others (RFC 7643 §2.4: "true" appears at most once). Whether any was
   * unset.
   */
  private unsetOtherPrimaries(
    attribute: AttributeDefinition,
    array: unknown[],
    primaries: readonly number[],
  ): boolean {
    if (attribute.type !== 'complex' || !findSubAttribute(attribute, 'primary')) return false;
    const chosen = primaries.filter(
      (index) => isPlainObject(array[index]) && (array[index] as Record<string, unknown>)['primary'] === true,
    );
    if (chosen.length === 0) return false;
    const keep = new Set(chosen);
    let unset = false;
    for (let index = 0; index < array.length; index++) {
      const element = array[index];
      if (!keep.has(index) && isPlainObject(element) && element['primary'] === true) {
        array[index] = { ...element, primary: false };
        unset = true;
      }
    }
    return unset;
  }

  private select(
    attribute: AttributeDefinition,
    elements: unknown[],
    filter: FilterNode,
    path: string,
  ): number[] {
    const key = identityLookup(filter, attribute);
    if (key !== undefined) {
      const index = this.identityIndex(attribute, elements);
      if (index !== null) {
        const element = index.get(key);
        return element === undefined ? [] : [elements.indexOf(element)];
      }
    }
    const test = compileValueFilter(filter, attribute, path);
    const matched: number[] = [];
    for (let index = 0; index < elements.length; index++) {
      if (test(elements[index])) matched.push(index);
    }
    return matched;
  }

  /** Elements by identity, built once per array; null when the attribute has no identity or keys repeat. */
  private identityIndex(
    attribute: AttributeDefinition,
    elements: readonly unknown[],
  ): Map<string, unknown> | null {
    if (attribute.identifiedBy === undefined) return null;
    const cached = this.identityIndexes.get(elements);
    if (cached !== undefined) return cached;
    let index: Map<string, unknown> | null = new Map();
    for (const element of elements) {
      const key = elementKey(attribute, element);
      if (key === undefined) continue;
      if (index.has(key)) {
        index = null;
        break;
      }
      index.set(key, element);
    }
    this.identityIndexes.set(elements, index);
    return index;
  }

  private assertMutable(attribute: AttributeDefinition, current: unknown, next: unknown, text: string): void {
    if (attribute.mutability === 'immutable' && isAssigned(current) && !jsonEqual(current, next)) {
      throw ScimError.mutability(`${text} is immutable`);
    }
  }

  private container(resolved: ResolvedAttribute, create: boolean): Record<string, unknown> | undefined {
    if (!resolved.extension) return this.root;
    const existing = this.root[resolved.schema] ?? getProperty(this.root, resolved.schema);
    if (isPlainObject(existing)) {
      if (this.owned.has(existing)) return existing;
      const copy = { ...existing };
      this.owned.add(copy);
      this.root[resolved.schema] = copy;
      return copy;
    }
    if (!create) return undefined;
    const created: Record<string, unknown> = {};
    this.owned.add(created);
    this.root[resolved.schema] = created;
    return created;
  }

  /** The value the path names: the attribute, or its sub-attribute for a single-valued complex attribute. */
  private read(resolved: ResolvedAttribute): unknown {
    const value = this.readWhole(resolved);
    if (resolved.subAttribute === undefined || resolved.attribute.multiValued) return value;
    return isPlainObject(value) ? getProperty(value, resolved.subAttribute.name) : undefined;
  }

  /** The whole attribute, whatever sub-attribute the path names. */
  private readWhole(resolved: ResolvedAttribute): unknown {
    const container = resolved.extension
      ? (this.root[resolved.schema] ?? getProperty(this.root, resolved.schema))
      : this.root;
    return isPlainObject(container) ? getProperty(container, resolved.attribute.name) : undefined;
  }

  /** Sets the whole attribute (`resolved.attribute`, regardless of any sub-attribute in the path). */
  private write(resolved: ResolvedAttribute, value: unknown): void {
    const name = resolved.attribute.name;
    const container = this.container(resolved, value !== undefined);
    if (!container) return;
    const current = container[name];
    if (value === undefined) {
      if (current === undefined) return;
      // RFC 7644 §3.5.2.2: unassigning a required attribute fails, at that operation.
      if (resolved.attribute.required) throw ScimError.mutability(`${resolved.attribute.name} is required`);
      delete container[name];
    } else {
      if (current === value) return;
      container[name] = value;
    }
    this.dirty = true;
  }

  /** An array of this attribute that this patch may modify: the current one if already owned, else a copy. */
  private ownArray(resolved: ResolvedAttribute, current: readonly unknown[]): unknown[] {
    if (Array.isArray(current) && this.owned.has(current)) return current as unknown[];
    const copy = [...current];
    this.owned.add(copy);
    const index = this.identityIndexes.get(current);
    if (index !== undefined) this.identityIndexes.set(copy, index);
    this.write(resolved, copy);
    return copy;
  }

  private adopt<T extends object>(value: T): T {
    this.owned.add(value);
    return value;
  }

  private dropEmptyExtensions(): void {
    for (const extension of this.schemaSet.extensionSchemas(this.resourceType)) {
      const value = this.root[extension.id];
      if (value !== undefined && !isAssigned(value)) delete this.root[extension.id];
    }
  }
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource in canonical form and returns the new resource.
 *
 * - `op` is case-insensitive (`Add`, `Replace`, `Remove` from Entra ID).
 * - Without `path`, `value` is an object whose keys may be names, dotted paths (`name.givenName`),
 *   URN-qualified paths, extension URNs holding an object, or value paths.
 * - Paths may carry a URN prefix, a value filter (`members[value eq "x"]`) and a sub-attribute after it
 *   (`emails[type eq "work"].value`).
 * - add to a multi-valued attribute appends values that are not already there (members by `value`);
 *   replace of a multi-valued attribute with `[]` clears it; add/replace of a complex attribute merges.
 * - remove with a filter that matches nothing succeeds and changes nothing; replace with one fails (noTarget);
 *   add with one creates the value when the filter is a conjunction of `eq`s.
 * - remove of `members` with a value array removes those members only (JumpCloud, Entra ID).
 * - Setting `primary: true` on one value unsets it on the others.
 * - Read-only attributes cannot be targeted (mutability); in a path-less value they are tolerated when equal
 *   to the current value (Okta sends the group's `id` with a rename). Immutable attributes can only be set
 *   when unassigned. Unassigning a required attribute fails with mutability.
 * - Values are type-checked (invalidValue): string booleans such as Entra's "False" must be converted by the
 *   provider profile first.
 *
 * Runs copy-on-write in O(size of the change + size of the touched arrays); adding 100 members to a group
 * of 10,000 uses an index by member value.
 *
 * @throws ScimError 400 (invalidSyntax, invalidPath, invalidFilter, invalidValue, mutability, noTarget);
 *   nothing is changed then.
 */
export function applyPatch(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  schemaSet: SchemaSet,
  options: PatchOptions = {},
): PatchResult {
  const resourceType = options.resourceType ?? schemaSet.resourceTypeOf(resource);
  return new PatchEngine(resource, schemaSet, resourceType).run(operations);
}
