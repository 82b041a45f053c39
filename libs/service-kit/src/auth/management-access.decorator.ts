import { SetMetadata } from '@nestjs/common';

export const MANAGEMENT_ACCESS = 'scimflow.management.access';

/**
 * Who may call a management route besides the operator (the admin API key always may):
 * - `operator` (the default): nobody else; a portal session gets 403;
 * - `any-session`: a portal session of any organization, for catalogs that belong to no organization
 *   (identity providers, event types, roles);
 * - `{ organizationParam }`: a session of the organization named by that route parameter;
 * - `{ directoryParam }`: a session of the organization owning the directory named by that route parameter
 *   (the module provides DIRECTORY_ORGANIZATIONS to look it up);
 * - `{ organizationQuery }`: a session, with that query parameter forced to its own organization: missing, it
 *   is filled in; naming another organization, 403.
 */
export type ManagementAccessRule =
  | 'operator'
  | 'any-session'
  | { organizationParam: string }
  | { directoryParam: string }
  | { organizationQuery: string };

/** Sets the {@link ManagementAccessRule} of a management controller or route (a route's rule wins). */
export const ManagementAccess = (rule: ManagementAccessRule) => SetMetadata(MANAGEMENT_ACCESS, rule);
