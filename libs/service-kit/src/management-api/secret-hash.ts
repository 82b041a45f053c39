import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SCIM_TOKEN_PREFIX = 'scim_';
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** SHA-256 of a UTF-8 string, as 64 lower-case hex characters. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new SCIM bearer token: `scim_` followed by 32 random bytes in base64url. */
export function generateScimToken(): string {
  return `${SCIM_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Whether two secrets are equal, in time that depends on neither: both are hashed first so that the
 * comparison always runs over 32 bytes, whatever their lengths.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(given, 'utf8').digest(),
    createHash('sha256').update(expected, 'utf8').digest(),
  );
}

/** Whether two SHA-256 hex digests are equal, compared in constant time; a malformed digest never matches. */
export function sameSha256Hex(given: string, stored: string): boolean {
  if (!SHA256_HEX.test(given) || !SHA256_HEX.test(stored)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(stored, 'hex'));
}
