import { ApiProperty } from '@nestjs/swagger';
import type { DirectoryGroup } from '@scimflow/contracts';

/** A group as the application sees it: the same shape as in events and webhooks. */
export class DirectoryGroupDto implements DirectoryGroup {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  directoryId!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  memberCount!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The SCIM resource as stored, without members.',
  })
  rawAttributes!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
