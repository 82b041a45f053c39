import { ApiProperty } from '@nestjs/swagger';
import { EventEnvelopeDto } from './event-envelope.dto';

export class EventPageDto {
  @ApiProperty({ type: () => [EventEnvelopeDto] })
  data!: EventEnvelopeDto[];

  @ApiProperty({
    type: String,
    description:
      'Pass as `after` to read on: the position after the last event of this page (the `after` given when the ' +
      'page is empty), so the last page of the moment also gives the cursor to poll with for newer events.',
  })
  nextCursor!: string;

  @ApiProperty({ description: 'True when more events follow this page right now.' })
  hasMore!: boolean;
}
