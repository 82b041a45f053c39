const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;
const KEY_BYTES = 32;

/**
 * The 32-byte key that encrypts endpoint secrets at rest, from WEBHOOK_SECRET_KEY: 64 hex characters or the
 * base64 (or base64url) of 32 bytes, e.g. `openssl rand -base64 32`. Throws on anything else.
 */
export function parseWebhookSecretKey(value: string): Buffer {
  const text = value.trim();
  if (HEX_KEY.test(text)) return Buffer.from(text, 'hex');
  if (BASE64_KEY.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error(
    'WEBHOOK_SECRET_KEY must be 32 bytes, written as 64 hex characters or in base64 (openssl rand -base64 32)',
  );
}

/** Whether `value` is a key that parseWebhookSecretKey accepts. */
export function isWebhookSecretKey(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    parseWebhookSecretKey(value);
    return true;
  } catch {
    return false;
  }
}
