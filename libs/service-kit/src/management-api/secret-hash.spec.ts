import { createHash } from 'node:crypto';
import { generateScimToken, sameSecret, sameSha256Hex, sha256Hex } from './secret-hash';

describe('secret hashing', () => {
  it('hashes with SHA-256 into lower-case hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes tokens of scim_ and 32 random bytes in base64url', () => {
    const tokens = Array.from({ length: 100 }, generateScimToken);
    for (const token of tokens) {
      expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice('scim_'.length), 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it.each([
    ['the same key', 'admin-key', 'admin-key', true],
    ['another key of the same length', 'admin-kez', 'admin-key', false],
    ['a prefix of the key', 'admin', 'admin-key', false],
    ['a longer key', 'admin-key-and-more', 'admin-key', false],
    ['an empty key against a set one', '', 'admin-key', false],
    ['differing case', 'ADMIN-KEY', 'admin-key', false],
  ])('compares secrets: %s', (_label, given, expected, same) => {
    expect(sameSecret(given, expected)).toBe(same);
  });

  it.each([
    ['the same digest', sha256Hex('token'), sha256Hex('token'), true],
    ['another digest', sha256Hex('token'), sha256Hex('other'), false],
    ['a truncated stored digest', sha256Hex('token'), sha256Hex('token').slice(0, 62), false],
    ['upper-case hex', sha256Hex('token').toUpperCase(), sha256Hex('token'), false],
    ['an empty stored digest', sha256Hex('token'), '', false],
    [
      'base64 of the same bytes',
      createHash('sha256').update('token').digest('base64'),
      sha256Hex('token'),
      false,
    ],
  ])('compares SHA-256 digests: %s', (_label, given, stored, same) => {
    expect(sameSha256Hex(given, stored)).toBe(same);
  });
});
