import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DIRECTORY_ORGANIZATIONS, type DirectoryOrganizations } from '../auth/directory-organizations';
import { MANAGEMENT_ACCESS, type ManagementAccessRule } from '../auth/management-access.decorator';
import { bearerCredential, rememberPrincipal, type ManagementPrincipal } from '../auth/management-principal';
import {
  isPortalSessionToken,
  resolvePortalSessionSecret,
  verifyPortalSession,
} from '../auth/portal-session-token';
import { ManagementApiException } from './management-api.exception';
import { MANAGEMENT_API_OPTIONS, type ManagementApiOptions } from './management-api.tokens';
import { sameSecret } from './secret-hash';

type OrganizationPrincipal = Extract<ManagementPrincipal, { kind: 'organization' }>;

const ANOTHER_ORGANIZATION = 'This portal session belongs to another organization.';

/**
 * Authenticates management and internal routes: `Authorization: Bearer <ADMIN_API_KEY>` (compared in constant
 * time) reaches every route; a portal session (`pst1.…`, verified with the session key) reaches only the routes
 * whose {@link ManagementAccessRule} admits it, and only within its organization. No credential, a wrong key, a
 * tampered or expired session: 401. A valid session outside what it may reach: 403.
 *
 * A session is checked by its signature and expiry alone: only the portal, which owns the links, sees a
 * revocation at once; here a revoked link's session lasts until it expires (PORTAL_SESSION_TTL_SECONDS).
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly sessionSecret: string | null;

  constructor(
    @Inject(MANAGEMENT_API_OPTIONS) private readonly options: ManagementApiOptions,
    private readonly reflector: Reflector,
    @Optional()
    @Inject(DIRECTORY_ORGANIZATIONS)
    private readonly directoryOrganizations?: DirectoryOrganizations,
  ) {
    this.sessionSecret = resolvePortalSessionSecret({
      adminApiKey: options.adminApiKey,
      sessionSecret: options.portalSessionSecret,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const principal = this.authenticate(bearerCredential(request.headers.authorization));
    rememberPrincipal(request, principal);
    if (principal.kind === 'operator') return true;
    const rule =
      this.reflector.getAllAndOverride<ManagementAccessRule | undefined>(MANAGEMENT_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'operator';
    await this.admitSession(rule, principal, request);
    return true;
  }

  private authenticate(credential: string | undefined): ManagementPrincipal {
    if (credential === undefined) throw ManagementApiException.unauthorized();
    if (isPortalSessionToken(credential)) {
      const claims = this.sessionSecret ? verifyPortalSession(credential, this.sessionSecret) : null;
      if (!claims) throw ManagementApiException.unauthorized('The portal session is invalid or has expired.');
      return {
        kind: 'organization',
        organizationId: claims.organizationId.toLowerCase(),
        linkId: claims.linkId,
        sessionExpiresAt: new Date(claims.exp * 1000),
      };
    }
    assertAdminApiKey(credential, this.options.adminApiKey);
    return { kind: 'operator' };
  }

  private async admitSession(
    rule: ManagementAccessRule,
    session: OrganizationPrincipal,
    request: Request,
  ): Promise<void> {
    if (rule === 'any-session') return;
    if (rule === 'operator') {
      throw ManagementApiException.forbidden(
        'This route needs the admin API key; a portal session cannot use it.',
      );
    }
    if ('organizationParam' in rule) {
      if (!sameOrganization(request.params[rule.organizationParam], session)) {
        throw ManagementApiException.forbidden(ANOTHER_ORGANIZATION);
      }
      return;
    }
    if ('directoryParam' in rule) {
      const given: unknown = request.params[rule.directoryParam];
      const directoryId = typeof given === 'string' ? given : '';
      if (!this.directoryOrganizations) {
        // A service deployed without a way to ask (no DIRECTORY_SERVICE_URL): the operator still gets through.
        throw ManagementApiException.forbidden(
          'This service cannot tell which organization a directory belongs to: only the admin API key may use this route here.',
        );
      }
      const organizationId = await this.directoryOrganizations.organizationOf(directoryId);
      if (organizationId === null) throw ManagementApiException.notFound('Directory', directoryId);
      if (!sameOrganization(organizationId, session))
        throw ManagementApiException.forbidden(ANOTHER_ORGANIZATION);
      return;
    }
    forceQueryOrganization(request, rule.organizationQuery, session);
  }
}

/** Throws the management API's 401 unless `credential` is the admin API key, compared in constant time. */
export function assertAdminApiKey(credential: string, adminApiKey: string): void {
  if (!sameSecret(credential, adminApiKey) || adminApiKey.length === 0) {
    throw ManagementApiException.unauthorized('The bearer token is not the admin API key.');
  }
}

function sameOrganization(organizationId: unknown, session: OrganizationPrincipal): boolean {
  return typeof organizationId === 'string' && organizationId.toLowerCase() === session.organizationId;
}

/**
 * Narrows a query to the session's organization: a missing parameter is filled in, one naming another
 * organization (or given twice) is refused. Express 5 parses `req.query` anew on each read, so the narrowed
 * query replaces the getter on this request.
 */
function forceQueryOrganization(request: Request, parameter: string, session: OrganizationPrincipal): void {
  const query = request.query as Record<string, unknown>;
  const given = query[parameter];
  if (given !== undefined && !sameOrganization(given, session)) {
    throw ManagementApiException.forbidden(ANOTHER_ORGANIZATION);
  }
  Object.defineProperty(request, 'query', {
    value: { ...query, [parameter]: session.organizationId },
    configurable: true,
    enumerable: true,
    writable: true,
  });
}
