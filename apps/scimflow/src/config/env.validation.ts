import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { IsDurationList, IsWebhookSecretKey } from '@scimflow/webhooks';
import { configValidator } from '@scimflow/service-kit';

/** The embedded default's configuration: one process, every service, an embedded database under DATA_DIR. */
export class ScimflowConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 8080;

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  /** Bearer key of the management API; generated on first start (and kept under DATA_DIR) when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  ADMIN_API_KEY?: string;

  /** HMAC key of the IT admins' portal sessions (at least 32 characters); default: derived from the admin key. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  PORTAL_SESSION_SECRET?: string;

  /** Lifetime of a portal session; the UI refreshes it, and a revoked link stops every service within it. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  PORTAL_SESSION_TTL_SECONDS: number = 900;

  /** The built admin portal UI; default apps/admin-portal/ui/dist found above the app. */
  @IsOptional()
  @IsString()
  PORTAL_UI_DIR?: string;

  /** Externally visible base URL; default http://localhost:PORT. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  TOKEN_GRACE_PERIOD_SECONDS: number = 600;

  /** How long the events API keeps an event, in days; 0 keeps events forever. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  EVENT_RETENTION_DAYS: number = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 25000;

  /** Encrypts webhook signing secrets at rest; generated under DATA_DIR on first start when unset. */
  @IsOptional()
  @IsWebhookSecretKey()
  WEBHOOK_SECRET_KEY?: string;

  @IsDurationList()
  WEBHOOK_RETRY_SCHEDULE: string = '0s,5s,5m,30m,2h,5h,10h,10h';

  @Type(() => Number)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS: number = 15000;

  /** Allow webhook endpoints on loopback and private networks (local development and tests). */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: boolean = false;

  /** SCIM requests per second each directory may make (a token bucket), and the bucket's size. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SCIM_RATE_LIMIT_PER_SECOND: number = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SCIM_RATE_LIMIT_BURST: number = 200;
}

export const validateScimflowConfig = configValidator(ScimflowConfig);
