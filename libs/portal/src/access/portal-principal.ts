import type { ManagementPrincipal } from '@scimflow/service-kit';

/** Who is calling: the operator (the admin API key) or an IT admin holding a session of one organization. */
export type PortalPrincipal = ManagementPrincipal;
