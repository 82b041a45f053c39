import { isAssigned, isPlainObject, jsonEqual } from '../json-value';
import { AttributeDefinition } from '../schema/attribute-definition';
import { parseDateTime } from '../schema/date-time';
import { findSubAttribute } from '../schema/schema-set';
import { ScimError } from '../scim-error';

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'an object';
  return JSON.stringify(value);
}

/**
 * Checks one value (for a multi-valued attribute: one element) against its definition and returns its
 * canonical form: sub-attribute names in their schema spelling, read-only and unknown sub-attributes dropped,
 * and undefined for anything RFC 7643 §2.5 calls unassigned (null, "", an object with nothing left).
 *
 * @throws ScimError 400 invalidValue naming `path` when the JSON type does not match.
 */
export function normalizeSingleValue(value: unknown, attribute: AttributeDefinition, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (attribute.type) {
    case 'complex':
      return normalizeComplex(value, attribute, path);
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') {
        throw ScimError.invalidValue(`${path} must be a string, got ${describe(value)}`);
      }
      return value === '' ? undefined : value;
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw ScimError.invalidValue(`${path} must be a boolean, got ${describe(value)}`);
      }
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw ScimError.invalidValue(`${path} must be an integer, got ${describe(value)}`);
      }
      return value;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw ScimError.invalidValue(`${path} must be a number, got ${describe(value)}`);
      }
      return value;
    case 'dateTime':
      if (typeof value !== 'string' || parseDateTime(value) === undefined) {
        throw ScimError.invalidValue(`${path} must be an xsd:dateTime, got ${describe(value)}`);
      }
      return value;
  }
}

function normalizeComplex(
  value: unknown,
  attribute: AttributeDefinition,
  path: string,
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    throw ScimError.invalidValue(`${path} must be an object, got ${describe(value)}`);
  }
  let result: Record<string, unknown> | undefined;
  for (const key in value) {
    const sub = findSubAttribute(attribute, key);
    if (!sub || sub.mutability === 'readOnly') continue;
    const normalized = normalizeAttributeValue(value[key], sub, `${path}.${sub.name}`);
    if (normalized === undefined) continue;
    result ??= {};
    result[sub.name] = normalized;
  }
  if (result) assertRequiredSubAttributes(result, attribute, path, 'invalidValue');
  return result;
}

/** Throws when a complex value lacks a required sub-attribute (`manager.value`). */
export function assertRequiredSubAttributes(
  value: Record<string, unknown>,
  attribute: AttributeDefinition,
  path: string,
  scimType: 'invalidValue' | 'mutability',
): void {
  for (const sub of attribute.subAttributes ?? []) {
    if (sub.required && !isAssigned(value[sub.name])) {
      throw new ScimError(400, scimType, `${path}.${sub.name} is required`);
    }
  }
}

/**
 * Checks a whole attribute value (an array for a multi-valued attribute) and returns its canonical form;
 * undefined when unassigned. Elements that are themselves unassigned are dropped, and so are repeated
 * elements (by the `identifiedBy` sub-attribute, e.g. members by `value`, or else by equality).
 *
 * @throws ScimError 400 invalidValue.
 */
export function normalizeAttributeValue(
  value: unknown,
  attribute: AttributeDefinition,
  path: string,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (!attribute.multiValued) return normalizeSingleValue(value, attribute, path);
  if (!Array.isArray(value)) throw ScimError.invalidValue(`${path} is multi-valued and must be an array`);
  const elements: unknown[] = [];
  const keys = new Set<string>();
  for (const element of value) {
    if (element === null) throw ScimError.invalidValue(`${path} must not contain null`);
    const normalized = normalizeSingleValue(element, attribute, path);
    if (normalized === undefined) continue;
    const key = elementKey(attribute, normalized);
    if (key !== undefined) {
      if (keys.has(key)) continue;
      keys.add(key);
    } else if (elements.some((existing) => jsonEqual(existing, normalized))) {
      continue;
    }
    elements.push(normalized);
  }
  return elements.length === 0 ? undefined : elements;
}

/**
 * The identity of an element of a multi-valued attribute with `identifiedBy` (members by `value`), honouring
 * the identifying sub-attribute's `caseExact`; undefined when the attribute has no identity or the element
 * lacks it.
 */
export function elementKey(attribute: AttributeDefinition, element: unknown): string | undefined {
  if (attribute.identifiedBy === undefined || !isPlainObject(element)) return undefined;
  const identity = element[attribute.identifiedBy];
  if (typeof identity !== 'string') return undefined;
  let caseExact = identityCaseExact.get(attribute);
  if (caseExact === undefined) {
    caseExact = findSubAttribute(attribute, attribute.identifiedBy)?.caseExact ?? false;
    identityCaseExact.set(attribute, caseExact);
  }
  return caseExact ? identity : identity.toLowerCase();
}

const identityCaseExact = new WeakMap<AttributeDefinition, boolean>();

/** Throws when more than one element of a multi-valued complex attribute has `primary: true`. */
export function assertSinglePrimary(elements: readonly unknown[], path: string): void {
  let primaries = 0;
  for (const element of elements) {
    if (isPlainObject(element) && element['primary'] === true) primaries++;
  }
  if (primaries > 1) throw ScimError.invalidValue(`${path}: at most one value may have primary set to true`);
}
