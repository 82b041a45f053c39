import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
  Matches,
} from 'class-validator';
import { configValidator } from '@scimflow/service-kit';

/** scim-ingress's configuration, validated at start-up (every bad key listed at once). */
export class ScimIngressConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3001;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Writes travel to directory-service over Kafka; `in-process` only makes sense inside the embedded app. */
  @IsIn(['kafka', 'in-process'])
  BUS: 'kafka' | 'in-process' = 'kafka';

  @ValidateIf((config: ScimIngressConfig) => config.BUS === 'kafka')
  @IsString()
  @MinLength(1)
  KAFKA_BROKERS!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS = 12;

  /** Prefix of every topic and consumer group, to share a Kafka cluster between installations. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/)
  KAFKA_NAMESPACE?: string;

  /** Postgres URL of the request log (schema scim_ingress); without it (and with DATA_DIR), the embedded database. */
  @ValidateIf((config: ScimIngressConfig) => !config.DATA_DIR)
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 5;

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

  /** Shared with directory-service: it guards its internal API and this service's request-log API. */
  @IsString()
  @MinLength(16)
  ADMIN_API_KEY!: string;

  /**
   * HMAC key of the IT admins' portal sessions: the admin-portal's value. Default: derived from ADMIN_API_KEY,
   * as the portal does, so that this service admits the sessions the portal signs.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  PORTAL_SESSION_SECRET?: string;

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

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 25000;
}

export const validateScimIngressConfig = configValidator(ScimIngressConfig);
