import { ApiProperty } from '@nestjs/swagger';
import { WebhookDeliveryDto } from './webhook-delivery.dto';

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: () => [WebhookDeliveryDto], description: 'Newest first.' })
  data!: WebhookDeliveryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
