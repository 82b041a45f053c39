import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { BusServiceConfig, configValidator } from '@scimflow/service-kit';

/** scim-ingress's configuration, validated at start-up (every bad key listed at once). */
export class ScimIngressConfig extends BusServiceConfig {
  override PORT = 3001;

  override DATABASE_POOL_SIZE = 5;

  /** directory-service's internal API: token checks and reads. */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  DIRECTORY_SERVICE_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  DIRECTORY_SERVICE_TIMEOUT_MS = 5000;

  /** How long an accepted SCIM token is trusted without asking directory-service again; 0 disables. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  SCIM_AUTH_CACHE_TTL_MS = 5000;

  /** The externally visible base URL; SCIM endpoints are `<PUBLIC_URL>/scim/v2/<directory id>`. */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SCIM_RATE_LIMIT_PER_SECOND = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SCIM_RATE_LIMIT_BURST = 200;

  /** How long a write waits for directory-service's reply before answering 503 + Retry-After. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  SCIM_REQUEST_TIMEOUT_MS = 10000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  REQUEST_LOG_MAX_PER_DIRECTORY = 10000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  REQUEST_LOG_RETENTION_DAYS = 7;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  REQUEST_LOG_QUEUE_SIZE = 10000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60000)
  REQUEST_LOG_FLUSH_INTERVAL_MS = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  REQUEST_LOG_PRUNE_INTERVAL_MS = 60000;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  REQUEST_LOG_MAX_BODY_BYTES = 65536;
}

export const validateScimIngressConfig = configValidator(ScimIngressConfig);
