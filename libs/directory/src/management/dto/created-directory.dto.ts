import { ApiProperty } from '@nestjs/swagger';

/** A new directory, with the only copy of its bearer token that will ever be shown. */
export class CreatedDirectoryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'jumpcloud' })
  provider!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'https://scim.example.com/scim/v2/4f8e7c1a-0d5b-4a43-9a6f-1b2c3d4e5f60' })
  endpointUrl!: string;

  @ApiProperty({ description: 'Shown once: only its SHA-256 is stored.', example: 'scim_3q2-7wJH…' })
  bearerToken!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
