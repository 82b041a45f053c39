import { Type } from 'class-transformer';
import { IsInt, IsUrl, Min } from 'class-validator';
import { BusServiceConfig, configValidator } from '@scimflow/service-kit';

/** directory-service's configuration, validated at start-up (every bad key listed at once). */
export class DirectoryServiceConfig extends BusServiceConfig {
  override PORT = 3002;

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  TOKEN_GRACE_PERIOD_SECONDS: number = 600;

  /** How long the events API keeps an event, in days; 0 keeps events forever. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  EVENT_RETENTION_DAYS: number = 30;
}

export const validateDirectoryServiceConfig = configValidator(DirectoryServiceConfig);
