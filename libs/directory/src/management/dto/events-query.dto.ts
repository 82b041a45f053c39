import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { EventTypeFilterDto } from './event-type-filter.dto';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page-query.dto';

/** `?organizationId=&directoryId=&types=&after=&limit=` of the events of every directory. */
export class EventsQueryDto extends EventTypeFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Also the directories deleted since: their events are kept.',
  })
  @IsOptional()
  @IsUUID()
  directoryId?: string;

  @ApiPropertyOptional({
    description:
      'The nextCursor of the previous page. With directoryId it is a sequence number: events of that directory ' +
      'come in sequence order; without, events of all directories come in the order they were committed (each ' +
      "directory's in sequence order), and an event is listed here within a fraction of a second of its commit.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
