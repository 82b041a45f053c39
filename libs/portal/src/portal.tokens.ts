/** Injection token of the portal's TypeORM DataSource (schema `portal`). */
export const PORTAL_DATA_SOURCE = Symbol('PORTAL_DATA_SOURCE');
/** Injection token of the resolved {@link PortalOptions}. */
export const PORTAL_OPTIONS = Symbol('PORTAL_OPTIONS');
/** Injection token of the clock (`() => Date`) that link and session expiry are measured with. */
export const PORTAL_CLOCK = Symbol('PORTAL_CLOCK');

/** Answers whether an organization exists (directory-service owns organizations, so the portal asks). */
export type OrganizationExists = (organizationId: string) => Promise<boolean>;

/** The portal's settings once defaults are applied. */
export interface PortalOptions {
  /** Public base URL of the portal, without a trailing slash: magic links point there. */
  publicUrl: string;
  adminApiKey: string;
  /** HMAC-SHA256 key of session tokens. */
  sessionSecret: string;
  sessionTtlSeconds: number;
  defaultLinkTtlSeconds: number;
  /** null: no check (links can be made for any organization id). */
  organizationExists: OrganizationExists | null;
  /** Directory of the built UI (holding index.html); null when it is not built. */
  uiDir: string | null;
}

export type PortalClock = () => Date;
