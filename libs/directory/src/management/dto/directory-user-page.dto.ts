import { ApiProperty } from '@nestjs/swagger';
import { DirectoryUserDto } from './directory-user.dto';

export class DirectoryUserPageDto {
  @ApiProperty({ type: () => [DirectoryUserDto] })
  data!: DirectoryUserDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
