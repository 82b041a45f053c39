import { ScimError } from '@scimflow/scim';

/** Parameters that list attribute names: several occurrences are one comma-separated list. */
const LIST_PARAMETERS = new Set(['attributes', 'excludedattributes']);

/**
 * The query string of a SCIM request as one value per parameter. `attributes` and `excludedAttributes` given
 * more than once are joined; any other parameter given twice is ambiguous and rejected.
 *
 * @throws ScimError 400 invalidValue for a repeated parameter.
 */
export function scimQueryParams(search: string): Record<string, string> {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const result: Record<string, string> = {};
  params.forEach((value, key) => {
    const existing = result[key];
    if (existing === undefined) {
      result[key] = value;
    } else if (LIST_PARAMETERS.has(key.toLowerCase())) {
      result[key] = `${existing},${value}`;
    } else {
      throw ScimError.invalidValue(`The query parameter "${key}" is given more than once`);
    }
  });
  return result;
}
