import { Inject, Injectable } from '@nestjs/common';
import { ManagementApiException, sha256Hex } from '@scimflow/service-kit';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PortalLinkEntity } from '../entities/portal-link.entity';
import {
  PORTAL_CLOCK,
  PORTAL_DATA_SOURCE,
  PORTAL_OPTIONS,
  type PortalClock,
  type PortalOptions,
} from '../portal.tokens';
import type { CreatePortalLinkDto } from './dto/create-portal-link.dto';
import type { CreatedPortalLinkDto } from './dto/created-portal-link.dto';
import type { PortalLinkPageQueryDto } from './dto/portal-link-page-query.dto';
import { DEFAULT_PAGE_LIMIT } from './dto/portal-link-page-query.dto';
import type { PortalLinkPageDto } from './dto/portal-link-page.dto';
import type { PortalLinkDto, PortalLinkStatus } from './dto/portal-link.dto';
import { decodePortalLinkCursor, encodePortalLinkCursor } from './portal-link-cursor';

const LINK_TOKEN_PREFIX = 'pl_';

/** Magic links: made by the operator for one organization, expiring, revocable, stored as token hashes only. */
@Injectable()
export class PortalLinksService {
  constructor(
    @Inject(PORTAL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PORTAL_OPTIONS) private readonly options: PortalOptions,
    @Inject(PORTAL_CLOCK) private readonly clock: PortalClock,
  ) {}

  async create(organizationId: string, input: CreatePortalLinkDto): Promise<CreatedPortalLinkDto> {
    if (this.options.organizationExists && !(await this.options.organizationExists(organizationId))) {
      throw ManagementApiException.notFound('Organization', organizationId);
    }
    const token = `${LINK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.clock();
    const link = this.dataSource.manager.create(PortalLinkEntity, {
      id: randomUUID(),
      organizationId: organizationId.toLowerCase(),
      tokenHash: sha256Hex(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + (input.expiresIn ?? this.options.defaultLinkTtlSeconds) * 1000),
      revokedAt: null,
      lastUsedAt: null,
    });
    await this.dataSource.manager.insert(PortalLinkEntity, link);
    return {
      id: link.id,
      organizationId: link.organizationId,
      url: `${this.options.publicUrl}/portal/login#token=${token}`,
      expiresAt: link.expiresAt.toISOString(),
      createdAt: link.createdAt.toISOString(),
    };
  }

  async list(organizationId: string, query: PortalLinkPageQueryDto): Promise<PortalLinkPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const builder = this.dataSource.manager
      .createQueryBuilder(PortalLinkEntity, 'link')
      .where('link.organizationId = :organizationId', { organizationId: organizationId.toLowerCase() });
    if (query.cursor !== undefined) {
      const cursor = decodePortalLinkCursor(query.cursor);
      if (!cursor) throw ManagementApiException.validation(['cursor is not a cursor this API returned']);
      builder.andWhere('(link.createdAt, link.id) < (:cursorCreatedAt, :cursorId)', {
        cursorCreatedAt: cursor.createdAt,
        cursorId: cursor.id,
      });
    }
    const rows = await builder
      .orderBy('link.createdAt', 'DESC')
      .addOrderBy('link.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const now = this.clock();
    return {
      data: page.map((link) => this.toDto(link, now)),
      nextCursor: rows.length > limit && last ? encodePortalLinkCursor(last) : null,
    };
  }

  /** Revokes the link (again: no change); sessions opened with it end at their next refresh or expiry. */
  async revoke(linkId: string): Promise<void> {
    const link = await this.dataSource.manager.findOne(PortalLinkEntity, {
      where: { id: linkId.toLowerCase() },
    });
    if (!link) throw ManagementApiException.notFound('Portal link', linkId);
    if (link.revokedAt) return;
    await this.dataSource.manager.update(PortalLinkEntity, { id: link.id }, { revokedAt: this.clock() });
  }

  /** The link of `token` when it can open a session now (not expired, not revoked), marked as used. */
  async useToken(token: string): Promise<PortalLinkEntity | null> {
    if (!token.startsWith(LINK_TOKEN_PREFIX)) return null;
    const link = await this.dataSource.manager.findOne(PortalLinkEntity, {
      where: { tokenHash: sha256Hex(token) },
    });
    const now = this.clock();
    if (!link || statusOf(link, now) !== 'active') return null;
    link.lastUsedAt = now;
    await this.dataSource.manager.update(PortalLinkEntity, { id: link.id }, { lastUsedAt: now });
    return link;
  }

  /** The link `linkId` of `organizationId` when it is still active (sessions opened with it may go on). */
  async activeLink(linkId: string, organizationId: string): Promise<PortalLinkEntity | null> {
    const link = await this.dataSource.manager.findOne(PortalLinkEntity, {
      where: { id: linkId.toLowerCase(), organizationId: organizationId.toLowerCase() },
    });
    return link && statusOf(link, this.clock()) === 'active' ? link : null;
  }

  private toDto(link: PortalLinkEntity, now: Date): PortalLinkDto {
    return {
      id: link.id,
      organizationId: link.organizationId,
      status: statusOf(link, now),
      createdAt: link.createdAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
      revokedAt: link.revokedAt?.toISOString() ?? null,
      lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    };
  }
}

function statusOf(link: PortalLinkEntity, now: Date): PortalLinkStatus {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
