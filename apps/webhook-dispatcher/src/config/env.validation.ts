import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { BusServiceConfig, configValidator } from '@scimflow/service-kit';
import { IsDuration, IsDurationList, IsWebhookSecretKey } from '@scimflow/webhooks';

/** webhook-dispatcher's configuration, validated at start-up (every bad key listed at once). */
export class WebhookDispatcherConfig extends BusServiceConfig {
  override PORT = 3004;

  /** 32 bytes in base64 or hex: encrypts the endpoints' signing secrets at rest. */
  @IsWebhookSecretKey()
  WEBHOOK_SECRET_KEY!: string;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  WEBHOOK_TIMEOUT_MS = 15000;

  /** Wait before each attempt; as many attempts as entries, then the delivery is dead (replayable). */
  @IsDurationList()
  WEBHOOK_RETRY_SCHEDULE = '0s,5s,5m,30m,2h,5h,10h,10h';

  /** An endpoint failing without a single success for this long is disabled. */
  @IsDuration()
  WEBHOOK_DISABLE_AFTER = '5d';

  /** How long a rotated-out signing secret keeps signing. */
  @IsDuration()
  WEBHOOK_SECRET_ROTATION_GRACE = '24h';

  /** Allow endpoints on loopback, private and link-local addresses (development and tests only). */
  @Transform(({ obj }: { obj: Record<string, unknown> }) => booleanOf(obj['WEBHOOK_ALLOW_PRIVATE_NETWORKS']))
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  WEBHOOK_CONCURRENCY = 64;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_ENDPOINT_CONCURRENCY = 8;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_POLL_INTERVAL_MS = 1000;
}

/** `true`/`false` (any case) or 1/0; anything else stays as it is and fails @IsBoolean. */
function booleanOf(value: unknown): unknown {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0' || text === '') return false;
  return value;
}

export const validateWebhookDispatcherConfig = configValidator(WebhookDispatcherConfig);
