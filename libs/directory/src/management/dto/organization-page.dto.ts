import { ApiProperty } from '@nestjs/swagger';
import { OrganizationDto } from './organization.dto';

export class OrganizationPageDto {
  @ApiProperty({ type: () => [OrganizationDto] })
  data!: OrganizationDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
