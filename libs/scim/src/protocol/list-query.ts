import { AttributePath, FilterNode } from '../filter/filter-ast';
import { FilterParseOptions, parseAttributePath, parseFilter } from '../filter/filter-parser';
import { ScimError } from '../scim-error';

/** Limits for `parseListQuery`. */
export interface ListQueryOptions {
  /** `count` when the client gives none (default 100). */
  readonly defaultCount?: number;
  /** The largest `count` served (the ServiceProviderConfig's `filter.maxResults`, default 1000). */
  readonly maxCount?: number;
  readonly filter?: FilterParseOptions;
}

/** The query of a list or search request (RFC 7644 §3.4.2), validated and typed. */
export interface ListQuery {
  readonly filter?: FilterNode;
  /** 1-based. */
  readonly startIndex: number;
  /** 0 asks for `totalResults` only. */
  readonly count: number;
  readonly sortBy?: AttributePath;
  readonly sortOrder: 'ascending' | 'descending';
  readonly attributes: readonly string[];
  readonly excludedAttributes: readonly string[];
}

/** Query parameters as a framework hands them over, or the body of a POST /.search request. */
export type ListQueryParams = URLSearchParams | Readonly<Record<string, unknown>>;

function lookup(params: ListQueryParams, name: string): unknown {
  if (params instanceof URLSearchParams) {
    const values: string[] = [];
    params.forEach((value, key) => {
      if (key.toLowerCase() === name.toLowerCase()) values.push(value);
    });
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  }
  const lower = name.toLowerCase();
  for (const key in params) {
    if (key.toLowerCase() === lower && params[key] !== undefined) return params[key];
  }
  return undefined;
}

function single(name: string, value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return single(name, value[0]);
    throw ScimError.invalidValue(`"${name}" is given more than once`);
  }
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw ScimError.invalidValue(`"${name}" must be a string or a number`);
}

function integer(name: string, value: unknown): number | undefined {
  const raw = single(name, value);
  if (raw === undefined || raw === '') return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  let digits = text.startsWith('-') || text.startsWith('+') ? 1 : 0;
  if (digits === text.length) {
    throw ScimError.invalidValue(`"${name}" must be an integer, got ${JSON.stringify(raw)}`);
  }
  for (; digits < text.length; digits++) {
    const code = text.charCodeAt(digits);
    if (code < 48 || code > 57) {
      throw ScimError.invalidValue(`"${name}" must be an integer, got ${JSON.stringify(raw)}`);
    }
  }
  const number = Number(text);
  return Math.max(Math.min(number, Number.MAX_SAFE_INTEGER), Number.MIN_SAFE_INTEGER);
}

function list(name: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const parts = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') throw ScimError.invalidValue(`"${name}" must list attribute names`);
    for (const item of part.split(',')) {
      const trimmed = item.trim();
      if (trimmed !== '') names.push(trimmed);
    }
  }
  return names;
}

/**
 * Parses list/search parameters (RFC 7644 §3.4.2): `filter` into an AST; `startIndex` (1-based, default 1,
 * values below 1 read as 1); `count` (default `defaultCount`, negative read as 0, capped at `maxCount`);
 * `sortBy` as an attribute path; `sortOrder` ascending (default) or descending, case-insensitive;
 * `attributes` and `excludedAttributes` as comma-separated lists or arrays. Parameter names are matched
 * case-insensitively; unknown parameters are ignored.
 *
 * @throws ScimError 400 invalidFilter for a bad filter, invalidValue for other bad parameters.
 */
export function parseListQuery(params: ListQueryParams, options: ListQueryOptions = {}): ListQuery {
  const maxCount = options.maxCount ?? 1000;
  const defaultCount = Math.min(options.defaultCount ?? 100, maxCount);
  const filterText = single('filter', lookup(params, 'filter'));
  if (filterText !== undefined && typeof filterText !== 'string') {
    throw ScimError.invalidFilter('The filter must be a string');
  }
  const filter =
    filterText === undefined || filterText.trim() === ''
      ? undefined
      : parseFilter(filterText, options.filter);
  const startIndex = Math.max(integer('startIndex', lookup(params, 'startIndex')) ?? 1, 1);
  const count = Math.min(Math.max(integer('count', lookup(params, 'count')) ?? defaultCount, 0), maxCount);
  const sortByText = single('sortBy', lookup(params, 'sortBy'));
  if (sortByText !== undefined && typeof sortByText !== 'string') {
    throw ScimError.invalidValue('"sortBy" must be an attribute path');
  }
  const sortBy =
    sortByText === undefined || sortByText.trim() === ''
      ? undefined
      : parseAttributePath(sortByText, 'invalidValue');
  const sortOrderText = single('sortOrder', lookup(params, 'sortOrder'));
  let sortOrder: ListQuery['sortOrder'] = 'ascending';
  if (sortOrderText !== undefined && sortOrderText !== '') {
    const lower = String(sortOrderText).toLowerCase();
    if (lower !== 'ascending' && lower !== 'descending') {
      throw ScimError.invalidValue(
        `"sortOrder" must be "ascending" or "descending", got ${JSON.stringify(sortOrderText)}`,
      );
    }
    sortOrder = lower;
  }
  const query: {
    -readonly [K in keyof ListQuery]: ListQuery[K];
  } = {
    startIndex,
    count,
    sortOrder,
    attributes: list('attributes', lookup(params, 'attributes')),
    excludedAttributes: list('excludedAttributes', lookup(params, 'excludedAttributes')),
  };
  if (filter) query.filter = filter;
  if (sortBy) query.sortBy = sortBy;
  return query;
}
