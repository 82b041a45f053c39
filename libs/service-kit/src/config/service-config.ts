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

/**
 * The keys every scimflow process reads, with their validation. An application's configuration class extends
 * it (or {@link BusServiceConfig}) and sets its own default PORT.
 */
export abstract class ServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  /** How long a SIGTERM waits for in-flight work before the process exits anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 25000;
}

/**
 * The keys of a service that runs on the bus and a database of its own (directory-service, scim-ingress,
 * role-mapping-service, webhook-dispatcher): the bus, the database, the admin API key and the portal's session key.
 */
export abstract class BusServiceConfig extends ServiceConfig {
  @IsIn(['kafka', 'in-process'])
  BUS: 'kafka' | 'in-process' = 'kafka';

  @ValidateIf((config: BusServiceConfig) => config.BUS === 'kafka')
  @IsString()
  @MinLength(1)
  KAFKA_BROKERS!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS: number = 12;

  /**
   * How long a consumer that stopped answering (a killed instance) keeps its partitions before the group hands
   * them to the others. Shorter: faster failover, more rebalances on a slow network. Heartbeats go every tenth of it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(6000)
  @Max(300000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30000;

  /** Prefix of every topic and consumer group, to share a Kafka cluster between installations. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/)
  KAFKA_NAMESPACE?: string;

  /** Postgres URL; without it (and with DATA_DIR) the service runs on the embedded database. */
  @ValidateIf((config: BusServiceConfig) => !config.DATA_DIR)
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
}
