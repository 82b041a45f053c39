import { ApiProperty } from '@nestjs/swagger';

export class WebhookDeliveryAttemptDto {
  @ApiProperty({ format: 'date-time' })
  attemptedAt!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'null when no answer came (see error).' })
  httpStatus!: number | null;

  @ApiProperty()
  durationMs!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The first 4 KB of the answer.' })
  responseBody!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'connection refused' })
  error!: string | null;
}
