import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { OrganizationEntity } from '../entities/organization.entity';
import type { CreateOrganizationDto } from './dto/create-organization.dto';
import type { OrganizationPageDto } from './dto/organization-page.dto';
import type { PageQueryDto } from './dto/page-query.dto';
import type { OrganizationDto } from './dto/organization.dto';
import { keysetPage } from './keyset-page';
import { ManagementApiException } from '@scimflow/service-kit';

const UNIQUE_VIOLATION = '23505';

/** Organizations: the tenants of the onboarded application, each owning its directories. */
@Injectable()
export class OrganizationsService {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async create(input: CreateOrganizationDto): Promise<OrganizationDto> {
    const organization = this.dataSource.manager.create(OrganizationEntity, {
      id: randomUUID(),
      name: input.name,
      externalId: input.externalId ?? null,
      createdAt: new Date(),
    });
    try {
      await this.dataSource.manager.insert(OrganizationEntity, organization);
    } catch (error) {
      // The unique index decides, so two concurrent creates cannot both win.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw ManagementApiException.conflict(
          `An organization with externalId ${input.externalId} already exists.`,
        );
      }
      throw error;
    }
    return toOrganizationDto(organization);
  }

  async list(query: PageQueryDto): Promise<OrganizationPageDto> {
    const page = await keysetPage(
      this.dataSource.manager.createQueryBuilder(OrganizationEntity, 'organization'),
      'organization',
      query,
    );
    return { data: page.rows.map(toOrganizationDto), nextCursor: page.nextCursor };
  }

  async get(organizationId: string): Promise<OrganizationDto> {
    return toOrganizationDto(await this.findOrThrow(organizationId));
  }

  /** The organization, or a 404. */
  async findOrThrow(organizationId: string): Promise<OrganizationEntity> {
    const organization = isUUID(organizationId)
      ? await this.dataSource.manager.findOne(OrganizationEntity, { where: { id: organizationId } })
      : null;
    if (!organization) throw ManagementApiException.notFound('Organization', organizationId);
    return organization;
  }
}

function toOrganizationDto(organization: OrganizationEntity): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    externalId: organization.externalId,
    createdAt: organization.createdAt.toISOString(),
  };
}
