import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '@scimflow/service-kit';
import type { PortalPrincipal } from './portal-principal';

export const PORTAL_ACCESS = 'scimflow.portal.access';

/**
 * Who may call a route of the portal:
 * - `operator`: the admin API key only;
 * - `operator-or-organization`: the admin key, or a session of the organization named by the route parameter;
 * - `session`: a portal session only (any organization: the handler works on the session's own one);
 * - `public`: anyone (the credential is in the body).
 */
export type PortalAccessRule =
  | { allow: 'operator' }
  | { allow: 'operator-or-organization'; organizationParam: string }
  | { allow: 'session' }
  | { allow: 'public' };

/** Sets the {@link PortalAccessRule} of a route (default: operator). */
export const PortalAccess = (rule: PortalAccessRule) => SetMetadata(PORTAL_ACCESS, rule);

/** The principal PortalAccessGuard authenticated. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PortalPrincipal =>
    principalOf(context.switchToHttp().getRequest<object>()),
);
