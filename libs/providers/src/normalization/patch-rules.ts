import { equalsIgnoreCase, findKey, isJsonObject, type JsonObject } from './json';
import type { NormalizationContext } from './normalization-context';
import { isCoreAttribute, MULTI_VALUED_USER_ATTRIBUTES, parsePatchPath, ScimUrns } from './scim-schema';
import {
  dropNullMemberRefs,
  fixPrimaryFlags,
  fixStringBooleanAt,
  fixUserStringBooleans,
  stripPassword,
  wrapSingleObjectMultiValued,
} from './user-attributes';

const OPERATION_MEMBERS = ['op', 'path', 'value'] as const;
const OP_NAMES: ReadonlySet<string> = new Set(['add', 'replace', 'remove']);
/** Schemas whose attributes Entra may write as `urn:…:attribute` keys of a path-less value. */
const KNOWN_SCHEMAS = [ScimUrns.coreUser, ScimUrns.coreGroup, ScimUrns.enterpriseUser];

/** Result of normalizing a PatchOp body. */
export interface PatchNormalization {
  /** Whether normalization dropped operations and none is left. */
  readonly emptied: boolean;
}

/** Normalizes the body of a PATCH on /Users/{id} or /Groups/{id} in place. */
export function normalizePatchBody(patch: JsonObject, context: NormalizationContext): PatchNormalization {
  const operationsKey = canonicalizeOperationsKey(patch, context);
  if (operationsKey === undefined) return { emptied: false };
  const operations = patch[operationsKey];
  if (!Array.isArray(operations)) return { emptied: false };

  operations.forEach((operation, index) => {
    if (!isJsonObject(operation)) return;
    canonicalizeOperationMembers(operation, [operationsKey, index], context);
    lowerCaseOp(operation, [operationsKey, index], context);
  });

  let normalized = splitAttributePathKeys(operations, [operationsKey], context);
  if (context.resourceType === 'User') normalized = dropPasswords(normalized, [operationsKey], context);
  if (context.resourceType === 'Group') normalized = dropOwnGroupId(normalized, [operationsKey], context);

  normalized.forEach((operation, index) => {
    if (!isJsonObject(operation)) return;
    const location = [operationsKey, index, 'value'];
    if (context.resourceType === 'Group') fixGroupOperation(operation, location, context);
    if (context.resourceType === 'User') fixUserOperation(operation, location, context);
  });

  patch[operationsKey] = normalized;
  return { emptied: operations.length > 0 && normalized.length === 0 };
}

function canonicalizeOperationsKey(patch: JsonObject, context: NormalizationContext): string | undefined {
  if (Object.prototype.hasOwnProperty.call(patch, 'Operations')) return 'Operations';
  const variants = Object.keys(patch).filter((key) => equalsIgnoreCase(key, 'Operations'));
  // Two spellings at once is ambiguous: leave it for the validator to reject.
  if (variants.length !== 1) return undefined;
  const [variant] = variants;
  patch['Operations'] = patch[variant];
  delete patch[variant];
  context.note('patch-key-case', [variant], `"${variant}" read as "Operations"`);
  return 'Operations';
}

function canonicalizeOperationMembers(
  operation: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  for (const member of OPERATION_MEMBERS) {
    if (Object.prototype.hasOwnProperty.call(operation, member)) continue;
    const variants = Object.keys(operation).filter((key) => equalsIgnoreCase(key, member));
    if (variants.length !== 1) continue;
    const [variant] = variants;
    operation[member] = operation[variant];
    delete operation[variant];
    context.note('patch-key-case', [...location, variant], `"${variant}" read as "${member}"`);
  }
}

function lowerCaseOp(
  operation: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const op = operation['op'];
  if (typeof op !== 'string' || op === op.toLowerCase() || !OP_NAMES.has(op.toLowerCase())) return;
  operation['op'] = op.toLowerCase();
  context.note('op-case', [...location, 'op'], `op "${op}" read as "${op.toLowerCase()}"`);
}

function opName(operation: JsonObject): string | undefined {
  return typeof operation['op'] === 'string' ? operation['op'].toLowerCase() : undefined;
}

function isPathLess(operation: JsonObject): boolean {
  return operation['path'] === undefined;
}

function isAttributePathKey(key: string): boolean {
  if (/^urn:/i.test(key)) {
    const lower = key.toLowerCase();
    return KNOWN_SCHEMAS.some(
      (schema) => lower.startsWith(schema.toLowerCase() + ':') && key.length > schema.length + 1,
    );
  }
  return key.includes('.') || key.includes('[');
}

/**
 * Entra's SCIM-compliant mode sends `{"op":"replace","value":{"name.givenName":"…","urn:…:User:employeeNumber":"…"}}`.
 * Each such key is an attribute path, so it becomes its own operation with that path, right after the
 * original operation (which keeps the plain keys, or goes if none is left).
 */
function splitAttributePathKeys(
  operations: readonly unknown[],
  location: readonly (string | number)[],
  context: NormalizationContext,
): unknown[] {
  const result: unknown[] = [];
  operations.forEach((operation, index) => {
    const value = isJsonObject(operation) ? operation['value'] : undefined;
    const op = isJsonObject(operation) ? opName(operation) : undefined;
    if (
      !isJsonObject(operation) ||
      !isPathLess(operation) ||
      (op !== 'add' && op !== 'replace') ||
      !isJsonObject(value)
    ) {
      result.push(operation);
      return;
    }
    const pathKeys = Object.keys(value).filter(isAttributePathKey);
    if (pathKeys.length === 0) {
      result.push(operation);
      return;
    }
    const plainEntries = Object.entries(value).filter(([key]) => !pathKeys.includes(key));
    if (plainEntries.length > 0) result.push({ ...operation, value: Object.fromEntries(plainEntries) });
    for (const key of pathKeys) {
      result.push(
        Object.fromEntries([
          ['op', operation['op']],
          ['path', key],
          ['value', value[key]],
        ]),
      );
      context.note(
        'attribute-path-keys',
        [...location, index, 'value', key],
        `path-less value key "${key}" read as path`,
      );
    }
  });
  return result;
}

function dropPasswords(
  operations: readonly unknown[],
  location: readonly (string | number)[],
  context: NormalizationContext,
): unknown[] {
  return operations.filter((operation, index) => {
    if (!isJsonObject(operation)) return true;
    const path = operation['path'];
    if (typeof path === 'string') {
      const target = parsePatchPath(path);
      if (target === null || !isCoreAttribute(target, ScimUrns.coreUser, 'password')) return true;
      context.note(
        'password-stripped',
        [...location, index],
        'password operation dropped: scimflow never stores passwords',
      );
      return false;
    }
    const value = operation['value'];
    if (!isPathLess(operation) || !isJsonObject(value)) return true;
    return !(stripPassword(value, [...location, index, 'value'], context) && Object.keys(value).length === 0);
  });
}

/** Okta sends the group's own id with every rename: `{"op":"replace","value":{"id":"<path id>","displayName":"…"}}`. */
function dropOwnGroupId(
  operations: readonly unknown[],
  location: readonly (string | number)[],
  context: NormalizationContext,
): unknown[] {
  return operations.filter((operation, index) => {
    if (!isJsonObject(operation) || !isPathLess(operation)) return true;
    const value = operation['value'];
    if (!isJsonObject(value)) return true;
    const idKey = findKey(value, 'id');
    // A different id is kept so that the PATCH engine rejects the attempt to change it.
    if (idKey === undefined || context.resourceId === null || value[idKey] !== context.resourceId)
      return true;
    delete value[idKey];
    context.note(
      'group-id-in-value-dropped',
      [...location, index, 'value', idKey],
      "the group's own id dropped from the value",
    );
    return Object.keys(value).length > 0;
  });
}

function fixGroupOperation(
  operation: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const value = operation['value'];
  const path = operation['path'];
  if (typeof path === 'string') {
    const target = parsePatchPath(path);
    if (
      target !== null &&
      !target.filtered &&
      target.subAttribute === null &&
      isCoreAttribute(target, ScimUrns.coreGroup, 'members')
    ) {
      dropNullMemberRefs(value, location, context);
    }
    return;
  }
  if (!isPathLess(operation) || !isJsonObject(value)) return;
  const membersKey = findKey(value, 'members');
  if (membersKey !== undefined) dropNullMemberRefs(value[membersKey], [...location, membersKey], context);
}

function fixUserOperation(
  operation: JsonObject,
  location: readonly (string | number)[],
  context: NormalizationContext,
): void {
  const value = operation['value'];
  const path = operation['path'];
  if (typeof path !== 'string') {
    if (!isPathLess(operation) || !isJsonObject(value)) return;
    wrapSingleObjectMultiValued(value, location, context);
    fixUserStringBooleans(value, location, context);
    return;
  }
  const target = parsePatchPath(path);
  if (target === null || (target.schema !== null && !equalsIgnoreCase(target.schema, ScimUrns.coreUser)))
    return;
  const attribute = target.attribute.toLowerCase();
  if (attribute === 'active' && target.subAttribute === null && !target.filtered) {
    fixStringBooleanAt(operation, 'value', location.slice(0, -1), context);
  } else if (MULTI_VALUED_USER_ATTRIBUTES.has(attribute)) {
    if (target.subAttribute === null) fixPrimaryFlags(value, location, context);
    else if (target.subAttribute.toLowerCase() === 'primary')
      fixStringBooleanAt(operation, 'value', location.slice(0, -1), context);
  }
}
