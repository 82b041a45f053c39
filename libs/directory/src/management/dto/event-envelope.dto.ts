import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventEnvelope, type EventType } from '@scimflow/contracts';

/** One event as the events API shows it and as webhooks deliver it. */
export class EventEnvelopeDto implements EventEnvelope<Record<string, unknown>> {
  @ApiProperty({ format: 'uuid', description: 'Unique and stable across retries: dedupe on it.' })
  id!: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type!: EventType;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ description: 'Strictly increasing per directory.' })
  sequence!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ format: 'uuid' })
  directoryId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'On updates: old values of changed fields.',
  })
  previousAttributes?: Record<string, unknown>;
}
