import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { configValidator } from '@scimflow/service-kit';

/** directory-service's configuration, validated at start-up (every bad key listed at once). */
export class DirectoryServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3002;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  @IsIn(['kafka', 'in-process'])
  BUS: 'kafka' | 'in-process' = 'kafka';

  @ValidateIf((config: DirectoryServiceConfig) => config.BUS === 'kafka')
  @IsString()
  @MinLength(1)
  KAFKA_BROKERS!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS: number = 12;

  /** Prefix of every topic and consumer group, to share a Kafka cluster between installations. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/)
  KAFKA_NAMESPACE?: string;

  /** Postgres URL; without it (and with DATA_DIR) the service runs on the embedded database. */
  @ValidateIf((config: DirectoryServiceConfig) => !config.DATA_DIR)
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL!: string;

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

  @Type(() => Number)
  @IsInt()
  @Min(0)
  TOKEN_GRACE_PERIOD_SECONDS: number = 600;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 25000;
}

export const validateDirectoryServiceConfig = configValidator(DirectoryServiceConfig);
