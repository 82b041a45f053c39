import { ApiProperty } from '@nestjs/swagger';

export class DirectoryStatsDto {
  @ApiProperty()
  users!: number;

  @ApiProperty()
  groups!: number;
}
