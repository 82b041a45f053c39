import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EventTypeFilterDto } from './event-type-filter.dto';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page-query.dto';

/** `?after=&limit=&types=` of one directory's event log. */
export class DirectoryEventsQueryDto extends EventTypeFilterDto {
  @ApiPropertyOptional({
    minimum: 0,
    description: 'Only events with a greater sequence (the previous nextCursor).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
