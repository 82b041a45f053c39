import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../entities/webhook-delivery.entity';
import { WebhookDeliveryAttemptDto } from './webhook-delivery-attempt.dto';

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  endpointId!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'Also the webhook-id header: the same on retries and replays.',
  })
  eventId!: string;

  @ApiProperty({ example: 'directory.user.created' })
  eventType!: string;

  @ApiProperty({ format: 'uuid' })
  directoryId!: string;

  @ApiProperty()
  sequence!: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Set on deliveries made by a replay.',
  })
  replayId!: string | null;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description:
      'pending: waiting for its attempt (or for an earlier event of its directory); failed: retrying at ' +
      'nextAttemptAt; succeeded; dead: every scheduled attempt failed (retry it, or replay).',
  })
  status!: DeliveryStatus;

  @ApiProperty({ type: () => [WebhookDeliveryAttemptDto], description: 'Oldest first.' })
  attempts!: WebhookDeliveryAttemptDto[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'null when finished, or while an earlier event of the same directory is still being delivered.',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
