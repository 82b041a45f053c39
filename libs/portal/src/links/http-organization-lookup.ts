import type { OrganizationExists } from '../portal.tokens';

/**
 * An {@link OrganizationExists} that asks the management API (`GET /api/v1/organizations/{id}` with the admin
 * key): true on 200, false on 404, an error on anything else, so that an unreachable directory-service
 * fails the request rather than passing for "no such organization".
 */
export function httpOrganizationLookup(
  managementApiUrl: string,
  adminApiKey: string,
  { timeoutMs = 5000 }: { timeoutMs?: number } = {},
): OrganizationExists {
  const base = managementApiUrl.replace(/\/+$/, '');
  return async (organizationId) => {
    const response = await fetch(`${base}/api/v1/organizations/${encodeURIComponent(organizationId)}`, {
      headers: { authorization: `Bearer ${adminApiKey}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw new Error(`organization lookup answered ${response.status}`);
  };
}
