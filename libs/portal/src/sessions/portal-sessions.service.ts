import { Inject, Injectable } from '@nestjs/common';
import {
  isPortalSessionToken,
  ManagementApiException,
  sameSecret,
  signPortalSession,
  verifyPortalSession,
} from '@scimflow/service-kit';
import type { PortalPrincipal } from '../access/portal-principal';
import type { PortalLinkEntity } from '../entities/portal-link.entity';
import { PortalLinksService } from '../links/portal-links.service';
import { PORTAL_CLOCK, PORTAL_OPTIONS, type PortalClock, type PortalOptions } from '../portal.tokens';
import type { PortalSessionDto } from './dto/portal-session.dto';

/** Opens and refreshes the IT admins' sessions, and tells who holds a bearer credential. */
@Injectable()
export class PortalSessionsService {
  constructor(
    private readonly links: PortalLinksService,
    @Inject(PORTAL_OPTIONS) private readonly options: PortalOptions,
    @Inject(PORTAL_CLOCK) private readonly clock: PortalClock,
  ) {}

  /** Exchanges a magic link's token for a session of its organization. */
  async open(token: string): Promise<PortalSessionDto> {
    const link = await this.links.useToken(token);
    if (!link) throw ManagementApiException.unauthorized('This portal link is invalid, expired or revoked.');
    return this.issue(link);
  }

  /** A new session for the holder of a live one, as long as its link is neither revoked nor expired. */
  async refresh(principal: PortalPrincipal): Promise<PortalSessionDto> {
    if (principal.kind !== 'organization') {
      throw ManagementApiException.unauthorized('Only a portal session can be refreshed.');
    }
    const link = await this.links.activeLink(principal.linkId, principal.organizationId);
    if (!link)
      throw ManagementApiException.unauthorized(
        'The portal link of this session was revoked or has expired.',
      );
    return this.issue(link);
  }

  /**
   * The principal of a bearer credential: the operator for the admin API key, an organization for a valid
   * session whose link is still active; null for anything else.
   */
  async authenticate(credential: string): Promise<PortalPrincipal | null> {
    if (isPortalSessionToken(credential)) {
      const claims = verifyPortalSession(credential, this.options.sessionSecret, this.clock().getTime());
      if (!claims) return null;
      // The portal owns the links, so here revocation takes effect at once (other services wait for expiry).
      const link = await this.links.activeLink(claims.linkId, claims.organizationId);
      if (!link) return null;
      return {
        kind: 'organization',
        organizationId: claims.organizationId,
        linkId: claims.linkId,
        sessionExpiresAt: new Date(claims.exp * 1000),
      };
    }
    const adminApiKey = this.options.adminApiKey;
    return adminApiKey.length > 0 && sameSecret(credential, adminApiKey) ? { kind: 'operator' } : null;
  }

  private issue(link: PortalLinkEntity): PortalSessionDto {
    const now = this.clock().getTime();
    const expiresAtMs = Math.min(now + this.options.sessionTtlSeconds * 1000, link.expiresAt.getTime());
    const exp = Math.floor(expiresAtMs / 1000);
    return {
      sessionToken: signPortalSession(
        { organizationId: link.organizationId, linkId: link.id, exp },
        this.options.sessionSecret,
      ),
      organizationId: link.organizationId,
      expiresAt: new Date(exp * 1000).toISOString(),
      linkExpiresAt: link.expiresAt.toISOString(),
    };
  }
}
