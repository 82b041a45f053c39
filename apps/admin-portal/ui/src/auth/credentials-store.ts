import type { PortalSession } from '../api/types';

/** The operator signs in with the admin API key; an IT admin holds a session of one organization. */
export type Credentials =
  | { kind: 'operator'; apiKey: string }
  | {
      kind: 'organization';
      sessionToken: string;
      organizationId: string;
      expiresAt: string;
      linkExpiresAt: string;
    };

const STORAGE_KEY = 'scimflow.portal.credentials';

// sessionStorage: the credential lives as long as the tab, never in a cookie sent with every request.
export function loadCredentials(): Credentials | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Credentials;
    if (parsed.kind === 'operator' && typeof parsed.apiKey === 'string') return parsed;
    if (parsed.kind === 'organization' && typeof parsed.sessionToken === 'string') {
      return Date.parse(parsed.expiresAt) > Date.now() ? parsed : null;
    }
    return null;
  } catch {
    return null;
  }
}

export function saveCredentials(credentials: Credentials | null): void {
  if (credentials) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  else sessionStorage.removeItem(STORAGE_KEY);
}

export function credentialOf(credentials: Credentials | null): string | null {
  if (!credentials) return null;
  return credentials.kind === 'operator' ? credentials.apiKey : credentials.sessionToken;
}

export function sessionCredentials(session: PortalSession): Credentials {
  return {
    kind: 'organization',
    sessionToken: session.sessionToken,
    organizationId: session.organizationId,
    expiresAt: session.expiresAt,
    linkExpiresAt: session.linkExpiresAt,
  };
}
