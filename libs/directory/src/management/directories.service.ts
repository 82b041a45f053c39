import { Inject, Injectable } from '@nestjs/common';
import { EventTypes } from '@scimflow/contracts';
import { runInTransaction } from '@scimflow/persistence';
import { getProvider, isProviderId } from '@scimflow/providers';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DIRECTORY_DATA_SOURCE, DIRECTORY_OPTIONS, type DirectoryOptions } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { GroupEntity } from '../entities/group.entity';
import { UserEntity } from '../entities/user.entity';
import { DirectoryEventWriter } from '../scim/directory-event-writer';
import type { CreateDirectoryDto } from './dto/create-directory.dto';
import type { CreatedDirectoryDto } from './dto/created-directory.dto';
import type { DirectoryPageDto } from './dto/directory-page.dto';
import type { DirectoryStatsDto } from './dto/directory-stats.dto';
import type { DirectoryDto } from './dto/directory.dto';
import type { PageQueryDto } from './dto/page-query.dto';
import type { TokenRotationDto } from './dto/token-rotation.dto';
import { findDirectoryOrThrow } from './directory-lookup';
import { keysetPage } from './keyset-page';
import { OrganizationsService } from './organizations.service';
import { ScimTokenAuthService } from './scim-token-auth.service';
import { ManagementApiException, generateScimToken, sha256Hex } from '@scimflow/service-kit';

/** Directories: one identity provider connection each, with its SCIM endpoint and bearer token. */
@Injectable()
export class DirectoriesService {
  constructor(
    @Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    private readonly eventWriter: DirectoryEventWriter,
    private readonly organizations: OrganizationsService,
    private readonly auth: ScimTokenAuthService,
  ) {}

  /** Creates a directory and returns its bearer token: the one time it is shown, since only its hash is kept. */
  async create(organizationId: string, input: CreateDirectoryDto): Promise<CreatedDirectoryDto> {
    // The DTO already refuses unknown providers; this keeps a direct caller of the service from storing one.
    if (!isProviderId(input.provider)) {
      throw ManagementApiException.validation([`provider ${String(input.provider)} is not supported`]);
    }
    const provider = getProvider(input.provider);
    await this.organizations.findOrThrow(organizationId);
    const bearerToken = generateScimToken();
    const directory = this.dataSource.manager.create(DirectoryEntity, {
      id: randomUUID(),
      organizationId,
      provider: provider.id,
      name: input.name ?? provider.name,
      status: 'pending',
      tokenHash: sha256Hex(bearerToken),
      previousTokenHash: null,
      previousTokenExpiresAt: null,
      lastRequestAt: null,
      activatedAt: null,
      lastSequence: 0,
      createdAt: new Date(),
    });
    await this.dataSource.manager.insert(DirectoryEntity, directory);
    return {
      id: directory.id,
      organizationId: directory.organizationId,
      provider: directory.provider,
      name: directory.name,
      endpointUrl: this.endpointUrl(directory.id),
      bearerToken,
      createdAt: directory.createdAt.toISOString(),
    };
  }

  async listForOrganization(organizationId: string, query: PageQueryDto): Promise<DirectoryPageDto> {
    await this.organizations.findOrThrow(organizationId);
    const manager = this.dataSource.manager;
    const page = await keysetPage(
      manager
        .createQueryBuilder(DirectoryEntity, 'directory')
        .where('directory.organizationId = :organizationId', { organizationId }),
      'directory',
      query,
    );
    const stats = await this.statsOf(
      manager,
      page.rows.map((directory) => directory.id),
    );
    return {
      data: page.rows.map((directory) =>
        this.toDirectoryDto(directory, stats.get(directory.id) ?? { users: 0, groups: 0 }),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(directoryId: string): Promise<DirectoryDto> {
    const manager = this.dataSource.manager;
    const directory = await findDirectoryOrThrow(manager, directoryId);
    const stats = await this.statsOf(manager, [directory.id]);
    return this.toDirectoryDto(directory, stats.get(directory.id) ?? { users: 0, groups: 0 });
  }

  /**
   * Replaces the bearer token. The previous one keeps working for the configured grace period (so that the
   * identity provider can be updated without a gap); a token rotated out earlier stops at once.
   */
  async rotateToken(directoryId: string): Promise<TokenRotationDto> {
    const rotation = await runInTransaction(this.dataSource, async (manager) => {
      const directory = await findDirectoryOrThrow(manager, directoryId, { lock: true });
      const now = new Date();
      const previousTokenExpiresAt = new Date(now.getTime() + Math.max(0, this.options.tokenGracePeriodMs));
      const bearerToken = generateScimToken();
      await manager.update(
        DirectoryEntity,
        { id: directory.id },
        { tokenHash: sha256Hex(bearerToken), previousTokenHash: directory.tokenHash, previousTokenExpiresAt },
      );
      await this.eventWriter.append(
        manager,
        directory,
        [
          {
            type: EventTypes.directoryTokenRotated,
            data: {
              id: directory.id,
              organizationId: directory.organizationId,
              previousTokenExpiresAt: previousTokenExpiresAt.toISOString(),
            },
          },
        ],
        now,
      );
      return { bearerToken, previousTokenExpiresAt: previousTokenExpiresAt.toISOString() };
    });
    this.auth.forget(directoryId);
    return rotation;
  }

  /**
   * Deletes the directory with its users, groups and memberships. Its event log stays (the directory.deleted
   * event is its last entry), so applications can still read and replay what happened.
   */
  async delete(directoryId: string): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      const directory = await findDirectoryOrThrow(manager, directoryId, { lock: true });
      // The writer bumps the row's last_sequence, so it must run while the row still exists.
      await this.eventWriter.append(manager, directory, [
        {
          type: EventTypes.directoryDeleted,
          data: {
            id: directory.id,
            organizationId: directory.organizationId,
            provider: directory.provider,
            name: directory.name,
            status: directory.status,
            activatedAt: directory.activatedAt?.toISOString() ?? null,
            createdAt: directory.createdAt.toISOString(),
          },
        },
      ]);
      await manager.delete(DirectoryEntity, { id: directory.id });
    });
    this.auth.forget(directoryId);
  }

  private endpointUrl(directoryId: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/scim/v2/${directoryId}`;
  }

  private async statsOf(
    manager: EntityManager,
    directoryIds: string[],
  ): Promise<Map<string, DirectoryStatsDto>> {
    const stats = new Map<string, DirectoryStatsDto>(directoryIds.map((id) => [id, { users: 0, groups: 0 }]));
    if (directoryIds.length === 0) return stats;
    for (const [entity, key] of [
      [UserEntity, 'users'],
      [GroupEntity, 'groups'],
    ] as const) {
      const counts = await manager
        .createQueryBuilder(entity, 'resource')
        .select('resource.directoryId', 'directoryId')
        .addSelect('COUNT(*)::int', 'count')
        .where({ directoryId: In(directoryIds) })
        .groupBy('resource.directoryId')
        .getRawMany<{ directoryId: string; count: number }>();
      for (const row of counts) {
        const entry = stats.get(row.directoryId);
        if (entry) entry[key] = row.count;
      }
    }
    return stats;
  }

  private toDirectoryDto(directory: DirectoryEntity, stats: DirectoryStatsDto): DirectoryDto {
    return {
      id: directory.id,
      organizationId: directory.organizationId,
      provider: directory.provider,
      name: directory.name,
      endpointUrl: this.endpointUrl(directory.id),
      status: directory.status,
      stats,
      lastRequestAt: directory.lastRequestAt?.toISOString() ?? null,
      activatedAt: directory.activatedAt?.toISOString() ?? null,
      createdAt: directory.createdAt.toISOString(),
    };
  }
}
