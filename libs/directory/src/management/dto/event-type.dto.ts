import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type EventCatalogEntry, type EventType } from '@scimflow/contracts';
import { EventTypeVersionDto } from './event-type-version.dto';

export class EventTypeDto implements EventCatalogEntry {
  @ApiProperty({ enum: EVENT_TYPES })
  type!: EventType;

  @ApiProperty({ type: 'integer', description: 'Current payload version: the one published now.' })
  version!: number;

  @ApiProperty({ description: 'When the current version is emitted and what it carries.' })
  description!: string;

  @ApiProperty({ type: () => [EventTypeVersionDto], description: 'Every documented version, oldest first.' })
  versions!: EventTypeVersionDto[];
}
