import { ApiProperty } from '@nestjs/swagger';
import { PortalLinkDto } from './portal-link.dto';

export class PortalLinkPageDto {
  @ApiProperty({ type: () => [PortalLinkDto], description: 'Newest first.' })
  data!: PortalLinkDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
