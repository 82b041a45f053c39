/** What replaces a secret in the request log. */
export const REDACTED = '[redacted]';

/** Attribute names (the last segment of a path or URN-qualified key) whose values never reach the log. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'password',
  'token',
  'bearertoken',
  'accesstoken',
  'refreshtoken',
  'secret',
  'clientsecret',
  'apikey',
  'authorization',
  'access_token',
]);

/** `urn:…:User:password`, `name.givenName`, `password` → the attribute's own name, lower-cased. */
function lastSegment(key: string): string {
  const withoutFilter = key.replace(/\[.*\]/g, '');
  const segment = withoutFilter.split(/[:.]/).pop() ?? withoutFilter;
  return segment.trim().toLowerCase();
}

export function isSecretName(key: string): boolean {
  return SECRET_NAMES.has(lastSegment(key));
}

function lookup(object: Record<string, unknown>, name: string): unknown {
  for (const key in object) if (key.toLowerCase() === name) return object[key];
  return undefined;
}

/**
 * A copy of a JSON value with every secret replaced by "[redacted]": keys naming a password, token or secret
 * (also URN-qualified or dotted), and the `value` of a PATCH operation whose `path` names one. The key stays,
 * so the log still shows that the identity provider sent it.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const path = lookup(object, 'path');
  const secretOperation = typeof path === 'string' && isSecretName(path);
  const result: Record<string, unknown> = {};
  for (const key in object) {
    const secret = isSecretName(key) || (secretOperation && key.toLowerCase() === 'value');
    result[key] = secret ? REDACTED : redactSecrets(object[key]);
  }
  return result;
}

/** The JSON to store for a body: redacted, or a marker with its size when it is larger than `maxBytes`. */
export function loggableBody(body: unknown, maxBytes: number): unknown {
  if (body === undefined) return null;
  const redacted = redactSecrets(body);
  const bytes = Buffer.byteLength(JSON.stringify(redacted) ?? '', 'utf8');
  return bytes > maxBytes ? { truncated: true, bytes } : redacted;
}
