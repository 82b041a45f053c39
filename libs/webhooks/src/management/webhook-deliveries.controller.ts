import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ErrorResponseDto, ManagementApi } from '@scimflow/service-kit';
import { WebhookDeliveryDto } from './dto/webhook-delivery.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

@ManagementApi('Webhooks')
@Controller('api/v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get(':deliveryId')
  @ApiOperation({ summary: 'Get a delivery with its attempts.' })
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('deliveryId') deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.deliveries.get(deliveryId);
  }

  @Post(':deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Attempt a failed or dead delivery again now.',
    description:
      'A dead delivery gets one more attempt; a failed one skips its wait. Order per directory still holds.',
  })
  @ApiParam({ name: 'deliveryId', format: 'uuid' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The delivery is pending or succeeded.' })
  retry(@Param('deliveryId') deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.deliveries.retry(deliveryId);
  }
}
