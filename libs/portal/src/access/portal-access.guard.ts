import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerCredential, ManagementApiException, rememberPrincipal } from '@scimflow/service-kit';
import type { Request } from 'express';
import { PortalSessionsService } from '../sessions/portal-sessions.service';
import { PORTAL_ACCESS, type PortalAccessRule } from './portal-access.decorator';

const OPERATOR_ONLY: PortalAccessRule = { allow: 'operator' };

/**
 * Authenticates the portal's routes (admin API key or portal session) and applies each route's
 * {@link PortalAccessRule}: a session never reaches another organization than its own.
 */
@Injectable()
export class PortalAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: PortalSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<PortalAccessRule | undefined>(PORTAL_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? OPERATOR_ONLY;
    if (rule.allow === 'public') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const credential = bearerCredential(request.headers.authorization);
    if (credential === undefined) throw ManagementApiException.unauthorized();
    const principal = await this.sessions.authenticate(credential);
    if (!principal) {
      throw ManagementApiException.unauthorized(
        'The bearer token is neither the admin API key nor a live portal session.',
      );
    }
    rememberPrincipal(request, principal);
    switch (rule.allow) {
      case 'operator':
        if (principal.kind !== 'operator')
          throw ManagementApiException.forbidden('This needs the admin API key.');
        return true;
      case 'session':
        if (principal.kind !== 'organization')
          throw ManagementApiException.forbidden('This needs a portal session.');
        return true;
      case 'operator-or-organization': {
        if (principal.kind === 'operator') return true;
        const organizationId = request.params[rule.organizationParam];
        if (
          typeof organizationId !== 'string' ||
          organizationId.toLowerCase() !== principal.organizationId.toLowerCase()
        ) {
          throw ManagementApiException.forbidden('This portal session belongs to another organization.');
        }
        return true;
      }
    }
  }
}
