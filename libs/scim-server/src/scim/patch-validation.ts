import type { PatchOperation, SchemaSet } from '@scimflow/scim';
import {
  findSubAttribute,
  isPlainObject,
  parsePath,
  ScimError,
  undefinedExtensionTarget,
} from '@scimflow/scim';

const OPERATIONS = new Set(['add', 'replace', 'remove']);

/**
 * Checks what can be checked of PATCH operations without the stored resource, as the PATCH engine of
 * directory-service would, so that a malformed request is refused before it becomes a command: the `op`,
 * a path-less operation's value, and each path (syntax, known attribute, value filters on multi-valued
 * attributes only, sub-attributes, read-only targets).
 *
 * @throws ScimError 400 invalidSyntax, invalidPath, invalidFilter, noTarget or mutability.
 */
export function assertValidPatchOperations(
  operations: readonly PatchOperation[],
  resourceType: string,
  schemaSet: SchemaSet,
): void {
  operations.forEach((operation, index) => {
    const op = operation.op.toLowerCase();
    if (!OPERATIONS.has(op)) {
      throw ScimError.invalidSyntax(
        `Operations[${index}].op must be "add", "replace" or "remove", got ${JSON.stringify(operation.op)}`,
      );
    }
    const pathText = operation.path?.trim() ?? '';
    if (pathText === '') {
      if (op === 'remove') throw ScimError.noTarget(`Operations[${index}]: "remove" needs a path`);
      if (!isPlainObject(operation.value)) {
        throw ScimError.invalidSyntax(
          `Operations[${index}]: without a path, "value" must be an object of attributes`,
        );
      }
      return;
    }
    const path = parsePath(pathText);
    const resolved = schemaSet.resolve(resourceType, path.attribute);
    if (!resolved) {
      // an attribute of an identity provider's own extension: kept as sent (see undefinedExtensionTarget)
      if (undefinedExtensionTarget(schemaSet, resourceType, pathText)) return;
      throw ScimError.invalidPath(`Unknown attribute in path "${pathText}"`);
    }
    if (resolved.kind === 'extension') {
      if (path.filter !== undefined)
        throw ScimError.invalidPath(`"${pathText}": an extension cannot take a value filter`);
      return;
    }
    if (path.filter !== undefined && !resolved.attribute.multiValued) {
      throw ScimError.invalidPath(
        `"${pathText}": ${resolved.path} is not multi-valued and cannot take a value filter`,
      );
    }
    const filterSub =
      path.subAttr === undefined ? undefined : findSubAttribute(resolved.attribute, path.subAttr);
    if (path.subAttr !== undefined && !filterSub)
      throw ScimError.invalidPath(`Unknown attribute in path "${pathText}"`);
    const readOnly =
      resolved.attribute.mutability === 'readOnly' ||
      resolved.subAttribute?.mutability === 'readOnly' ||
      filterSub?.mutability === 'readOnly';
    if (readOnly) throw ScimError.mutability(`"${pathText}" is read-only`);
  });
}
