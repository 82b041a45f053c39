/** A group as the application sees it: the same shape in the management API, the events API and webhooks. */
export interface DirectoryGroup {
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  displayName: string;
  memberCount: number;
  /** The SCIM resource as stored, without its members list (members travel as membership events). */
  rawAttributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
