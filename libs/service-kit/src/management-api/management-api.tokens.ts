/** Injection token of the {@link ManagementApiOptions}, provided by the module that mounts the management API. */
export const MANAGEMENT_API_OPTIONS = Symbol('MANAGEMENT_API_OPTIONS');

/** Name of the bearer security scheme of the management API in the OpenAPI document. */
export const ADMIN_API_KEY_SECURITY = 'admin-api-key';

export interface ManagementApiOptions {
  /**
   * The key every management and internal route accepts as `Authorization: Bearer <key>`. An empty key
   * rejects every such request rather than opening the API.
   */
  adminApiKey: string;
  /**
   * The key of portal sessions (`PORTAL_SESSION_SECRET`, at least 32 characters); default: derived from
   * adminApiKey, as the portal does. Routes that allow it also accept a session of the right organization.
   */
  portalSessionSecret?: string;
}
