/**
 * Tells which organization a directory belongs to, so that a route keyed by directory can admit a portal
 * session of that organization only. directory-service answers from its table; the other services ask it.
 */
export interface DirectoryOrganizations {
  /** The organization of directory `directoryId`, or null when there is no such directory. */
  organizationOf(directoryId: string): Promise<string | null>;
}

/** Injection token of the module's {@link DirectoryOrganizations}. */
export const DIRECTORY_ORGANIZATIONS = Symbol('DIRECTORY_ORGANIZATIONS');
