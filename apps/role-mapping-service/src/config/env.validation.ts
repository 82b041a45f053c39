import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { BusServiceConfig, configValidator } from '@scimflow/service-kit';

/** role-mapping-service's configuration, validated at start-up (every bad key listed at once). */
export class RoleMappingServiceConfig extends BusServiceConfig {
  override PORT = 3003;

  /**
   * directory-service's internal API, asked which organization a directory belongs to before a portal session
   * reads a user's roles. Without it, those routes take the admin API key only.
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  DIRECTORY_SERVICE_URL?: string;

  /** Users recomputed per transaction after a mapping or role change. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  RECOMPUTE_BATCH_SIZE = 1000;
}

export const validateRoleMappingServiceConfig = configValidator(RoleMappingServiceConfig);
