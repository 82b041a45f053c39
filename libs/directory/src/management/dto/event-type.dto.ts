import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '@scimflow/contracts';

export class EventTypeDto {
  @ApiProperty({ enum: EVENT_TYPES })
  type!: EventType;

  @ApiProperty({ description: 'Current payload version.' })
  version!: number;

  @ApiProperty()
  description!: string;
}
