import type { ProviderId } from '../catalog/provider-id';
import type { ScimRequest } from './scim-request';

/** The Entra ID feature flag that opts a tenant URL into SCIM-compliant PATCH requests. */
export const ENTRA_COMPLIANCE_FLAG = 'aadOptscim062020';

function headerValue(headers: ScimRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * Recognises the client from what it sends: Okta's `User-Agent: Okta SCIM Client …`, Entra's `Adscimversion`
 * header or its `aadOptscim062020` query flag. Other clients send nothing known: null.
 */
export function detectProvider(request: Pick<ScimRequest, 'headers' | 'query'>): ProviderId | null {
  const userAgent = headerValue(request.headers, 'user-agent');
  if (userAgent !== undefined && /^okta\b/i.test(userAgent.trim())) return 'okta';
  if (headerValue(request.headers, 'adscimversion') !== undefined) return 'entra-id';
  if (Object.keys(request.query).some((key) => key.toLowerCase() === ENTRA_COMPLIANCE_FLAG.toLowerCase()))
    return 'entra-id';
  return null;
}
