import { AttributeType } from '../schema/attribute-definition';
import { parseDateTime } from '../schema/date-time';
import { ScimError } from '../scim-error';
import { CompareOperator, CompareValue } from './filter-ast';

const ORDERING: ReadonlySet<CompareOperator> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew']);

/**
 * Checks that `op value` makes sense for an attribute of `type` and returns the value to compare with,
 * coerced where the intent is unambiguous: `"true"`/`"false"` for a boolean, a numeric string for a number,
 * a number for a string (`externalId eq 12345`). Shared by the in-memory evaluator and the SQL compiler so
 * that both accept and reject the same filters.
 *
 * @throws ScimError 400 invalidFilter naming `path`.
 */
export function coerceComparisonValue(
  path: string,
  type: AttributeType,
  op: CompareOperator,
  value: CompareValue,
): CompareValue {
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw ScimError.invalidFilter(`"${op}" cannot compare ${path} with null`);
    return null;
  }
  switch (type) {
    case 'complex':
      throw ScimError.invalidFilter(`${path} is a complex attribute: compare one of its sub-attributes`);
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') {
        throw ScimError.invalidFilter(`"${op}" is not defined for the boolean attribute ${path}`);
      }
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const lower = value.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
      }
      throw ScimError.invalidFilter(
        `${path} is a boolean and cannot be compared with ${JSON.stringify(value)}`,
      );
    }
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.has(op)) {
        throw ScimError.invalidFilter(`"${op}" is not defined for the number attribute ${path}`);
      }
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) {
        throw ScimError.invalidFilter(
          `${path} is a number and cannot be compared with ${JSON.stringify(value)}`,
        );
      }
      return number;
    }
    case 'dateTime': {
      if (SUBSTRING.has(op)) {
        throw ScimError.invalidFilter(`"${op}" is not defined for the dateTime attribute ${path}`);
      }
      if (typeof value !== 'string' || parseDateTime(value) === undefined) {
        throw ScimError.invalidFilter(
          `${path} is a dateTime and cannot be compared with ${JSON.stringify(value)}`,
        );
      }
      return value;
    }
    case 'binary':
      if (ORDERING.has(op)) {
        throw ScimError.invalidFilter(`"${op}" is not defined for the binary attribute ${path}`);
      }
      return stringValue(path, value);
    case 'string':
    case 'reference':
      return stringValue(path, value);
  }
}

function stringValue(path: string, value: string | number | boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw ScimError.invalidFilter(`${path} is a string and cannot be compared with ${String(value)}`);
}
