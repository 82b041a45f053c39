import { ApiProperty } from '@nestjs/swagger';
import { DirectoryGroupDto } from './directory-group.dto';

export class DirectoryGroupPageDto {
  @ApiProperty({ type: () => [DirectoryGroupDto] })
  data!: DirectoryGroupDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
