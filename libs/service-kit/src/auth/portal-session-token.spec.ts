import { createHmac } from 'node:crypto';
import {
  derivePortalSessionSecret,
  isPortalSessionToken,
  resolvePortalSessionSecret,
  signPortalSession,
  verifyPortalSession,
  type PortalSessionClaims,
} from './portal-session-token';

const SECRET = 'a-portal-session-secret-of-enough-length';
const NOW = Date.parse('2026-11-28T12:00:00Z');
const CLAIMS: PortalSessionClaims = {
  organizationId: '4823e40c-055d-4d3c-8e7c-5dec6c2a2e2b',
  linkId: '0b7e6c1a-3f2d-4c58-9a61-2d0f4e8b9c11',
  exp: NOW / 1000 + 900,
};

function resign(payload: object, secret = SECRET): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', secret).update(`pst1.${body}`).digest('base64url');
  return `pst1.${body}.${mac}`;
}

describe(verifyPortalSession.name, () => {
  it('returns the claims of a token it signed, until it expires', () => {
    const token = signPortalSession(CLAIMS, SECRET);
    expect(token).toMatch(/^pst1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPortalSession(token, SECRET, NOW)).toEqual(CLAIMS);
    expect(verifyPortalSession(token, SECRET, CLAIMS.exp * 1000 - 1)).toEqual(CLAIMS);
    expect(verifyPortalSession(token, SECRET, CLAIMS.exp * 1000)).toBeNull();
  });

  it.each([
    ['another secret', () => signPortalSession(CLAIMS, `${SECRET}-other`)],
    [
      'another organization under the same signature',
      () => {
        const [prefix, , mac] = signPortalSession(CLAIMS, SECRET).split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...CLAIMS, organizationId: 'c5a0b9e2-1111-4c58-9a61-2d0f4e8b9c11' }),
        );
        return `${prefix}.${forged.toString('base64url')}.${mac}`;
      },
    ],
    ['a truncated signature', () => signPortalSession(CLAIMS, SECRET).slice(0, -2)],
    ['another prefix', () => signPortalSession(CLAIMS, SECRET).replace(/^pst1/, 'pst2')],
    ['an extra part', () => `${signPortalSession(CLAIMS, SECRET)}.x`],
    ['the admin key', () => SECRET],
    ['an empty string', () => ''],
    [
      'a payload that is not JSON',
      () => {
        const body = Buffer.from('not json').toString('base64url');
        return `pst1.${body}.${createHmac('sha256', SECRET).update(`pst1.${body}`).digest('base64url')}`;
      },
    ],
    ['an organization that is not a uuid', () => resign({ ...CLAIMS, organizationId: 'acme' })],
    ['a missing link', () => resign({ organizationId: CLAIMS.organizationId, exp: CLAIMS.exp })],
    ['an expiry in milliseconds as a string', () => resign({ ...CLAIMS, exp: String(CLAIMS.exp) })],
    ['a fractional expiry', () => resign({ ...CLAIMS, exp: CLAIMS.exp + 0.5 })],
  ])('refuses %s', (_label, token) => {
    expect(verifyPortalSession(token(), SECRET, NOW)).toBeNull();
  });

  it('accepts a well-formed token signed elsewhere with the same secret', () => {
    expect(verifyPortalSession(resign(CLAIMS), SECRET, NOW)).toEqual(CLAIMS);
  });

  it('refuses every token when the secret is too short to be safe', () => {
    expect(verifyPortalSession(resign(CLAIMS, 'short'), 'short', NOW)).toBeNull();
    expect(() => signPortalSession(CLAIMS, 'short')).toThrow(/at least 32/);
  });
});

describe(derivePortalSessionSecret.name, () => {
  it('derives a stable secret per admin key that is not the key', () => {
    const secret = derivePortalSessionSecret('sk_admin_key_one');
    expect(secret).toBe(derivePortalSessionSecret('sk_admin_key_one'));
    expect(secret).not.toBe(derivePortalSessionSecret('sk_admin_key_two'));
    expect(secret).not.toContain('sk_admin_key_one');
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });
});

describe(resolvePortalSessionSecret.name, () => {
  it.each([
    ['the configured secret', { adminApiKey: 'sk_admin_key_one', sessionSecret: SECRET }, SECRET],
    [
      'the derived secret without one',
      { adminApiKey: 'sk_admin_key_one' },
      derivePortalSessionSecret('sk_admin_key_one'),
    ],
    [
      'the derived secret for an empty one',
      { adminApiKey: 'sk_admin_key_one', sessionSecret: '' },
      derivePortalSessionSecret('sk_admin_key_one'),
    ],
    ['the configured secret without an admin key', { adminApiKey: '', sessionSecret: SECRET }, SECRET],
    ['null with neither: a secret derived from no key would be public', { adminApiKey: '' }, null],
  ])('gives %s', (_label, settings, expected) => {
    expect(resolvePortalSessionSecret(settings)).toBe(expected);
  });

  it('refuses a configured secret too short to be safe', () => {
    expect(() =>
      resolvePortalSessionSecret({ adminApiKey: 'sk_admin_key_one', sessionSecret: 'short' }),
    ).toThrow(/at least 32/);
  });
});

describe(isPortalSessionToken.name, () => {
  it.each([
    [signPortalSession(CLAIMS, SECRET), true],
    ['sk_admin_0123456789abcdef', false],
    ['pst1', false],
  ])('%p → %p', (credential, expected) => {
    expect(isPortalSessionToken(credential)).toBe(expected);
  });
});
