import type { DatabaseConnection } from '@scimflow/persistence';
import type { RequestLogOptions } from './request-log/request-log.options';

/** scim-ingress's schema: the request log lives there. */
export const SCIM_INGRESS_SCHEMA = 'scim_ingress';

/** Injection token of scim-ingress's data source (schema scim_ingress). */
export const SCIM_INGRESS_DATA_SOURCE = 'scimflow.scim-ingress.data-source';

/** Injection token of the settings the host application gives ScimServerModule. */
export const SCIM_SERVER_SETTINGS = 'scimflow.scim-server.settings';

/** Injection token of the settings after defaults were applied. */
export const SCIM_SERVER_CONFIG = 'scimflow.scim-server.config';

/** What ScimServerModule needs from its application. */
export interface ScimServerSettings {
  /** The database of the request log (schema scim_ingress, migrations run at start-up). */
  connection: DatabaseConnection;
  /** The key the request-log API expects as `Authorization: Bearer <key>`; empty refuses everything. */
  adminApiKey: string;
  /** The externally visible base URL: a directory's SCIM base is `<publicUrl>/scim/v2/<directoryId>`. */
  publicUrl: string;
  /**
   * directory-service's internal API (distributed mode): used when the module is given no `gateway` provider.
   * `timeoutMs` bounds each call (default 5 000); `authCacheTtlMs` keeps accepted tokens that long (default
   * 5 000, 0 disables).
   */
  directoryService?: { url: string; timeoutMs?: number; authCacheTtlMs?: number };
  /** Per directory and ingress instance: sustained requests per second (default 100) and burst (default 200). */
  rateLimit?: { perSecond?: number; burst?: number };
  /** How long a write waits for directory-service's reply before answering 503 (default 10 000 ms). */
  commandTimeoutMs?: number;
  requestLog?: RequestLogOptions;
}

/** The settings the SCIM handlers read, with defaults applied. */
export interface ScimServerConfig {
  /** Without a trailing slash. */
  publicUrl: string;
  commandTimeoutMs: number;
}
