import type { Response } from 'express';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
export const SCIM_ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Writes an RFC 7644 §3.12 error body. */
export function sendScimError(
  response: Response,
  status: number,
  detail: string,
  scimType?: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="scimflow"');
  response
    .status(status)
    .type(SCIM_CONTENT_TYPE)
    .send(JSON.stringify({ schemas: [SCIM_ERROR_URN], status: String(status), ...(scimType ? { scimType } : {}), detail }));
}
