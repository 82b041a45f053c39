/** Injection token of webhook-dispatcher's TypeORM DataSource (schema `webhooks`). */
export const WEBHOOKS_DATA_SOURCE = Symbol('WEBHOOKS_DATA_SOURCE');
/** Injection token of the WebhooksOptions. */
export const WEBHOOKS_OPTIONS = Symbol('WEBHOOKS_OPTIONS');

/** How webhooks are sent, from the app's configuration (already parsed). */
export interface WebhooksOptions {
  /** 32 bytes (WEBHOOK_SECRET_KEY, see parseWebhookSecretKey): encrypts endpoint secrets at rest. */
  secretKey: Buffer;
  /** An attempt must get its 2xx within this (WEBHOOK_TIMEOUT_MS, default 15 000). */
  timeoutMs: number;
  /** Wait before each attempt (WEBHOOK_RETRY_SCHEDULE, see parseDurationList); its length = attempts before dead. */
  retryScheduleMs: readonly number[];
  /** An endpoint failing without a success for this long is disabled (WEBHOOK_DISABLE_AFTER, default 5 days). */
  disableAfterMs: number;
  /** How long a rotated-out secret keeps signing (WEBHOOK_SECRET_ROTATION_GRACE, default 24 h). */
  secretRotationGraceMs: number;
  /** Allow endpoints on loopback and private addresses (WEBHOOK_ALLOW_PRIVATE_NETWORKS; development and tests). */
  allowPrivateNetworks: boolean;
  /** Attempts in flight at once in this process (WEBHOOK_CONCURRENCY). */
  concurrency: number;
  /** Attempts in flight at once to one endpoint, across all instances (WEBHOOK_ENDPOINT_CONCURRENCY). */
  endpointConcurrency: number;
  /** Longest the dispatcher sleeps before looking for due deliveries again (WEBHOOK_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
}
