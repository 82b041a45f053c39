/** One entity tag of an If-Match / If-None-Match header. */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** What a request's preconditions say: go on, answer 304 Not Modified, or answer 412 Precondition Failed. */
export type PreconditionOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

/** The conditional headers of a request. */
export interface ConditionalRequest {
  readonly method: string;
  readonly ifMatch?: string | null;
  readonly ifNoneMatch?: string | null;
}

/** The weak ETag of a resource version (RFC 7644 §3.14): `W/"<version>"`. */
export function etagFromVersion(version: string | number): string {
  const text = String(version);
  if (text.includes('"') || text.includes('\\')) throw new Error(`A version cannot contain quotes: ${text}`);
  return `W/"${text}"`;
}

/**
 * Parses an If-Match / If-None-Match value: `*`, or a comma-separated list of `"x"` / `W/"x"`. Lenient:
 * an unquoted token is read as a strong tag, because some clients echo `meta.version` without quotes.
 */
export function parseEntityTags(header: string): '*' | EntityTag[] {
  const text = header.trim();
  if (text === '*') return '*';
  const tags: EntityTag[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && (text[index] === ',' || text[index] === ' ' || text[index] === '\t'))
      index++;
    if (index >= text.length) break;
    let weak = false;
    if (text.startsWith('W/', index) || text.startsWith('w/', index)) {
      weak = true;
      index += 2;
    }
    if (text[index] === '"') {
      const end = text.indexOf('"', index + 1);
      const close = end < 0 ? text.length : end;
      tags.push({ weak, opaque: text.slice(index + 1, close) });
      index = close + 1;
    } else {
      let end = index;
      while (end < text.length && text[end] !== ',') end++;
      tags.push({ weak, opaque: text.slice(index, end).trim() });
      index = end;
    }
  }
  return tags;
}

function matches(header: string, current: EntityTag | undefined): boolean {
  const tags = parseEntityTags(header);
  if (tags === '*') return current !== undefined;
  return current !== undefined && tags.some((tag) => tag.opaque === current.opaque);
}

function currentTag(etag: string | undefined): EntityTag | undefined {
  if (etag === undefined) return undefined;
  const parsed = parseEntityTags(etag);
  return parsed === '*' ? undefined : parsed[0];
}

/**
 * Evaluates If-Match and If-None-Match (RFC 7232 §6) against the current ETag, or undefined when the
 * resource does not exist. Tags compare weakly (by opaque value) for both headers: SCIM versions are weak
 * ETags and RFC 7644 §3.14 uses them in If-Match.
 */
export function evaluatePreconditions(
  request: ConditionalRequest,
  currentETag: string | undefined,
): PreconditionOutcome {
  const current = currentTag(currentETag);
  if (request.ifMatch !== undefined && request.ifMatch !== null && request.ifMatch.trim() !== '') {
    if (!matches(request.ifMatch, current)) return 'precondition-failed';
  }
  if (
    request.ifNoneMatch !== undefined &&
    request.ifNoneMatch !== null &&
    request.ifNoneMatch.trim() !== ''
  ) {
    if (matches(request.ifNoneMatch, current)) {
      const method = request.method.toUpperCase();
      return method === 'GET' || method === 'HEAD' ? 'not-modified' : 'precondition-failed';
    }
  }
  return 'proceed';
}
