import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a portal session token carries: an IT admin's access to one organization, through one link, until `exp`. */
export interface PortalSessionClaims {
  organizationId: string;
  /** The magic link the session was opened with: revoking it ends the session at its next refresh. */
  linkId: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/** Prefix (and version) of every portal session token; tells it apart from the admin API key. */
export const PORTAL_SESSION_PREFIX = 'pst1';

const MIN_SECRET_LENGTH = 32;
const SECRET_DERIVATION_LABEL = 'scimflow portal session v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The HMAC key of portal sessions when none is configured: derived from the admin API key, so that every
 * service holding the admin key can verify sessions without another shared secret. Rotating the admin key
 * ends every session.
 */
export function derivePortalSessionSecret(adminApiKey: string): string {
  return createHmac('sha256', adminApiKey).update(SECRET_DERIVATION_LABEL, 'utf8').digest('base64url');
}

/**
 * The key every service signs or verifies portal sessions with: `PORTAL_SESSION_SECRET` when set, else derived
 * from the admin API key. Null when neither is set: with no admin key the derived secret would be public, so
 * no session is accepted. Throws for a configured secret shorter than 32 characters.
 */
export function resolvePortalSessionSecret(settings: {
  adminApiKey: string;
  sessionSecret?: string | undefined;
}): string | null {
  const { adminApiKey, sessionSecret } = settings;
  if (sessionSecret !== undefined && sessionSecret !== '') {
    assertSecret(sessionSecret);
    return sessionSecret;
  }
  return adminApiKey.length > 0 ? derivePortalSessionSecret(adminApiKey) : null;
}

/**
 * Signs `claims` into `pst1.<payload>.<signature>`: the payload is base64url JSON, the signature
 * HMAC-SHA256 over `pst1.<payload>` with `secret`.
 */
export function signPortalSession(claims: PortalSessionClaims, secret: string): string {
  assertSecret(secret);
  const payload = Buffer.from(
    JSON.stringify({ organizationId: claims.organizationId, linkId: claims.linkId, exp: claims.exp }),
    'utf8',
  ).toString('base64url');
  return `${PORTAL_SESSION_PREFIX}.${payload}.${signature(`${PORTAL_SESSION_PREFIX}.${payload}`, secret)}`;
}

/**
 * The claims of a portal session token when its signature is valid under `secret` and it has not expired at
 * `now` (milliseconds); otherwise null. Pure: it reads no table, so any service can call it. It cannot know
 * of a revoked link: sessions are short-lived and the portal refuses to refresh one whose link is revoked.
 */
export function verifyPortalSession(
  token: string,
  secret: string,
  now: number = Date.now(),
): PortalSessionClaims | null {
  if (secret.length < MIN_SECRET_LENGTH || token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [prefix, payload, given] = parts as [string, string, string];
  if (prefix !== PORTAL_SESSION_PREFIX || !BASE64URL.test(payload) || !BASE64URL.test(given)) return null;
  const expected = Buffer.from(signature(`${prefix}.${payload}`, secret), 'base64url');
  const received = Buffer.from(given, 'base64url');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return null;
  const claims = parseClaims(payload);
  if (!claims || claims.exp * 1000 <= now) return null;
  return claims;
}

/** Whether a bearer credential has the shape of a portal session token (and not of an API key). */
export function isPortalSessionToken(credential: string): boolean {
  return credential.startsWith(`${PORTAL_SESSION_PREFIX}.`);
}

function signature(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('base64url');
}

function parseClaims(payload: string): PortalSessionClaims | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { organizationId, linkId, exp } = parsed as Record<string, unknown>;
  if (typeof organizationId !== 'string' || !UUID.test(organizationId)) return null;
  if (typeof linkId !== 'string' || !UUID.test(linkId)) return null;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp <= 0) return null;
  return { organizationId, linkId, exp };
}

function assertSecret(secret: string): void {
  // A short key would make every session forgeable by brute force.
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The portal session secret must be at least ${MIN_SECRET_LENGTH} characters long.`);
  }
}
