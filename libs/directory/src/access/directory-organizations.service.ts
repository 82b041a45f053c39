import { Inject, Injectable } from '@nestjs/common';
import type { DirectoryOrganizations } from '@scimflow/service-kit';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DirectoryEntity } from '../entities/directory.entity';
import { isUuid } from '../scim/ids';

/**
 * directory-service's own answer to "which organization owns this directory": a primary-key read of its
 * table. The management guard asks it for routes keyed by directory; the other services ask it through
 * `GET /internal/v1/directories/:directoryId/organization`, and the embedded mode in process.
 */
@Injectable()
export class DirectoryOrganizationsService implements DirectoryOrganizations {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async organizationOf(directoryId: string): Promise<string | null> {
    if (!isUuid(directoryId)) return null;
    const directory = await this.dataSource.manager.findOne(DirectoryEntity, {
      where: { id: directoryId.toLowerCase() },
      select: ['id', 'organizationId'],
    });
    return directory?.organizationId ?? null;
  }
}
