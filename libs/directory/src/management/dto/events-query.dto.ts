import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '@scimflow/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './page-query.dto';

/** `?organizationId=&directoryId=&type=&after=&limit=` of the events of every directory. */
export class EventsQueryDto {
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

  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  @ApiPropertyOptional({
    description:
      'The nextCursor of the previous page. With directoryId it is a sequence number: events of that directory ' +
      'come in sequence order; without, events of all directories come in (occurredAt, directoryId, sequence) order.',
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
