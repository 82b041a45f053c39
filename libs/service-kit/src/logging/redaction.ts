/** Log paths that may carry a credential. Tokens, secrets and passwords never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.bearerToken',
  '*.secret',
  '*.apiKey',
  '*.authorization',
] as const;
