import { ApiProperty } from '@nestjs/swagger';
import { DirectoryDto } from './directory.dto';

export class DirectoryPageDto {
  @ApiProperty({ type: () => [DirectoryDto] })
  data!: DirectoryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
