/** Every identity provider scimflow knows, in the order the portal lists them. */
export const PROVIDER_IDS = [
  'jumpcloud',
  'okta',
  'entra-id',
  'google-workspace',
  'onelogin',
  'pingone',
  'generic-scim',
] as const;

/** The identity provider a directory is configured for; it selects the normalization profile. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
