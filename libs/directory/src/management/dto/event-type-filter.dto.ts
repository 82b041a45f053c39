import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '@scimflow/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsIn, IsOptional } from 'class-validator';

/** `?types=a,b` (or repeated) and the single `?type=` of the event listings. */
export class EventTypeFilterDto {
  @ApiPropertyOptional({
    type: String,
    description: `Only these event types, comma-separated (or the parameter repeated). One of: ${EVENT_TYPES.join(', ')}.`,
    example: 'directory.user.created,directory.group.user_added',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
      .map((item) => (typeof item === 'string' ? item.trim() : item))
      .filter((item) => item !== ''),
  )
  @ArrayNotEmpty()
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  types?: EventType[];

  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'One event type (kept alongside `types`).' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventType;
}

/** The types a query asks for, or undefined for every type. */
export function requestedEventTypes(query: EventTypeFilterDto): EventType[] | undefined {
  const types = [...(query.types ?? []), ...(query.type ? [query.type] : [])];
  return types.length > 0 ? [...new Set(types)] : undefined;
}
