import { isJsonObject, type JsonObject } from './json';
import type { NormalizationContext } from './normalization-context';
import { MULTI_VALUED_USER_ATTRIBUTES } from './scim-schema';

const STRING_BOOLEAN = /^(true|false)$/i;

/** The boolean a legacy string boolean stands for, or undefined when `value` is not one. */
export function parseStringBoolean(value: unknown): boolean | undefined {
  return typeof value === 'string' && STRING_BOOLEAN.test(value) ? value.toLowerCase() === 'true' : undefined;
}

/** Replaces `object[key]` by a boolean if it holds "True"/"False" in any case. */
export function fixStringBooleanAt(
  object: JsonObject,
  key: string,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const parsed = parseStringBoolean(object[key]);
  if (parsed === undefined) return;
  context.note('string-boolean', [...location, key], `"${String(object[key])}" read as ${parsed}`);
  object[key] = parsed;
}

/** Fixes `primary` in each value of a multi-valued attribute given as a list or as a single object. */
export function fixPrimaryFlags(
  values: unknown,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const items = Array.isArray(values) ? values : [values];
  items.forEach((item, index) => {
    if (!isJsonObject(item)) return;
    const itemLocation = Array.isArray(values) ? [...location, index] : location;
    for (const key of Object.keys(item)) {
      if (key.toLowerCase() === 'primary') fixStringBooleanAt(item, key, itemLocation, context);
    }
  });
}

/**
 * Boolean attributes of a User-shaped object (a POST/PUT body or a path-less PATCH value): `active` and
 * `primary` of the multi-valued attributes. Only these: a displayName "True" stays a string.
 */
export function fixUserStringBooleans(
  user: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  for (const key of Object.keys(user)) {
    const lower = key.toLowerCase();
    if (lower === 'active') fixStringBooleanAt(user, key, location, context);
    else if (MULTI_VALUED_USER_ATTRIBUTES.has(lower)) fixPrimaryFlags(user[key], [...location, key], context);
  }
}

/** Wraps a multi-valued attribute sent as a single object (OneLogin's `"emails": {...}`) in a list. */
export function wrapSingleObjectMultiValued(
  user: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  for (const key of Object.keys(user)) {
    if (!MULTI_VALUED_USER_ATTRIBUTES.has(key.toLowerCase()) || !isJsonObject(user[key])) continue;
    user[key] = [user[key]];
    context.note(
      'single-object-multi-valued',
      [...location, key],
      `${key} given as an object, read as a list of one`,
    );
  }
}

/** Removes every `password` key of a User-shaped object; returns whether one was removed. */
export function stripPassword(
  user: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): boolean {
  let stripped = false;
  for (const key of Object.keys(user)) {
    if (key.toLowerCase() !== 'password') continue;
    delete user[key];
    stripped = true;
    context.note(
      'password-stripped',
      [...location, key],
      'password removed: scimflow never stores passwords',
    );
  }
  return stripped;
}

/** Drops `"$ref": null` from each member of a list or single member object. */
export function dropNullMemberRefs(
  members: unknown,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const items = Array.isArray(members) ? members : [members];
  items.forEach((item, index) => {
    if (!isJsonObject(item)) return;
    for (const key of Object.keys(item)) {
      if (key !== '$ref' || item[key] !== null) continue;
      delete item[key];
      const itemLocation = Array.isArray(members) ? [...location, index] : location;
      context.note('member-null-ref', [...itemLocation, key], '"$ref": null dropped from a member');
    }
  });
}
