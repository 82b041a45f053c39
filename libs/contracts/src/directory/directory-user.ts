/** A user as the application sees it: the same shape in the management API, the events API and webhooks. */
export interface DirectoryUser {
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  userName: string;
  /** The primary email (or the first one), lower-cased as sent. */
  email: string | null;
  emails: Array<{ value: string; type?: string; primary?: boolean }>;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  active: boolean;
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  costCenter: string | null;
  division: string | null;
  manager: { value: string | null; displayName: string | null } | null;
  phoneNumbers: Array<{ value: string; type?: string; primary?: boolean }>;
  locale: string | null;
  /** Attributes of extension schemas other than core and enterprise, by schema URN. */
  customAttributes: Record<string, unknown>;
  /** The SCIM resource as stored (never a password). */
  rawAttributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
