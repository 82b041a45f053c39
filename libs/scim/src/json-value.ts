/** A SCIM resource as JSON: attribute names in their canonical spelling, extensions under their schema URN. */
export type ScimResource = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Structural JSON equality. Identical references short-circuit, which keeps comparisons of large, mostly
 * shared structures (a group with 10,000 members after a PATCH) linear in what actually changed.
 */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) {
      if (!jsonEqual(left[index], right[index])) return false;
    }
    return true;
  }
  if (Array.isArray(right)) return false;
  const leftObject = left as Record<string, unknown>;
  const rightObject = right as Record<string, unknown>;
  let leftCount = 0;
  for (const key in leftObject) {
    if (leftObject[key] === undefined) continue;
    leftCount++;
    if (!jsonEqual(leftObject[key], rightObject[key])) return false;
  }
  let rightCount = 0;
  for (const key in rightObject) {
    if (rightObject[key] !== undefined) rightCount++;
  }
  return leftCount === rightCount;
}

/**
 * Reads `name` from `object`, falling back to a case-insensitive match: attribute names are case-insensitive
 * (RFC 7643 §2.1) and resources that did not go through validation may spell them differently.
 */
export function getProperty(object: Record<string, unknown>, name: string): unknown {
  const direct = object[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const key in object) {
    if (key.length === name.length && key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/** The SCIM notion of "has a value": null, "", [] and {} are all unassigned (RFC 7643 §2.5). */
export function isAssigned(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) {
    for (const key in value) {
      if (isAssigned(value[key])) return true;
    }
    return false;
  }
  return true;
}
