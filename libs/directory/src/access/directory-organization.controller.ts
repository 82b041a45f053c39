import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ManagementApi, ManagementApiException } from '@scimflow/service-kit';
import { DirectoryOrganizationsService } from './directory-organizations.service';

/**
 * Internal: the organization of a directory, for the other services' guards (a portal session reaches only its
 * own organization's directories). Admin key only; for the service network only.
 */
@ApiExcludeController()
@ManagementApi('Internal')
@Controller('internal/v1/directories/:directoryId/organization')
export class DirectoryOrganizationController {
  constructor(private readonly organizations: DirectoryOrganizationsService) {}

  @Get()
  async get(
    @Param('directoryId') directoryId: string,
  ): Promise<{ directoryId: string; organizationId: string }> {
    const organizationId = await this.organizations.organizationOf(directoryId);
    if (organizationId === null) throw ManagementApiException.notFound('Directory', directoryId);
    return { directoryId: directoryId.toLowerCase(), organizationId };
  }
}
