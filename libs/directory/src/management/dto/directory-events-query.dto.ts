import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '@scimflow/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page-query.dto';

/** `?after=&limit=&type=` of one directory's event log. */
export class DirectoryEventsQueryDto {
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

  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;
}
