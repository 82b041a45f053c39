import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { configValidator } from '@scimflow/service-kit';

const HTTP_URL = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/** admin-portal's configuration, validated at start-up (every bad key listed at once). */
export class AdminPortalConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 8080;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Postgres URL; the portal keeps its magic links in the `portal` schema. */
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 5;

  /** The public origin of the portal, the management API and the SCIM endpoints (this gateway). */
  @IsUrl(HTTP_URL)
  PUBLIC_URL!: string;

  @IsString()
  @MinLength(16)
  ADMIN_API_KEY!: string;

  /** HMAC key of the IT admins' sessions; default derived from ADMIN_API_KEY (so every service can verify). */
  @IsOptional()
  @IsString()
  @MinLength(32)
  PORTAL_SESSION_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  PORTAL_SESSION_TTL_SECONDS: number = 900;

  /** The built UI; default apps/admin-portal/ui/dist found above the app. */
  @IsOptional()
  @IsString()
  PORTAL_UI_DIR?: string;

  @IsUrl(HTTP_URL)
  DIRECTORY_SERVICE_URL!: string;

  @IsUrl(HTTP_URL)
  SCIM_INGRESS_URL!: string;

  @IsUrl(HTTP_URL)
  ROLE_MAPPING_SERVICE_URL!: string;

  @IsUrl(HTTP_URL)
  WEBHOOK_DISPATCHER_URL!: string;

  /** A proxied request that gets no answer from its service within this long is answered 504. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  UPSTREAM_TIMEOUT_MS: number = 30000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 25000;
}

export const validateAdminPortalConfig = configValidator(AdminPortalConfig);
