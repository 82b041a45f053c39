import { ApiProperty } from '@nestjs/swagger';
import { EventEnvelopeDto } from './event-envelope.dto';

export class EventPageDto {
  @ApiProperty({ type: () => [EventEnvelopeDto] })
  data!: EventEnvelopeDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
