import { ApiProperty } from '@nestjs/swagger';

export class PreviewCountsDto {
  @ApiProperty({ description: 'Users who would gain at least one role.' })
  gaining!: number;

  @ApiProperty({ description: 'Users who would lose at least one role.' })
  losing!: number;

  @ApiProperty({ description: 'Users whose roles would not change.' })
  unchanged!: number;
}
