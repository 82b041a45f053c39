import { ScimError } from '@scimflow/scim';
import type { ServerResponse } from 'node:http';
import { scimRequestState } from './scim-request-state';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** What a SCIM handler answers: a status, an optional JSON body and headers. */
export interface ScimHttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Writes a SCIM answer: `application/scim+json` whenever there is a body, and the body kept for the
 * request log.
 */
export function sendScim(response: ServerResponse, result: ScimHttpResult): void {
  const state = scimRequestState(response.req);
  if (state) state.responseBody = result.body;
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  response.statusCode = result.status;
  if (result.body === undefined) {
    response.end();
    return;
  }
  // end() rather than send(): send() would add Express' own ETag (a hash of the body) and answer 304 on
  // its own, while a SCIM ETag is the resource's version.
  const payload = Buffer.from(JSON.stringify(result.body), 'utf8');
  response.setHeader('Content-Type', SCIM_CONTENT_TYPE);
  response.setHeader('Content-Length', String(payload.length));
  response.end(payload);
}

/** Writes an RFC 7644 §3.12 error body; a 401 also says how to authenticate. */
export function sendScimError(
  response: ServerResponse,
  error: ScimError,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendScim(response, {
    status: error.status,
    body: error.toJSON(),
    headers: error.status === 401 ? { ...headers, 'WWW-Authenticate': 'Bearer realm="scim"' } : headers,
  });
}
