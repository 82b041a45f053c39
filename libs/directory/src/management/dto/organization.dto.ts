import { ApiProperty } from '@nestjs/swagger';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
