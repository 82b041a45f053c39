import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ErrorResponseDto, ManagementApi } from '@scimflow/service-kit';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { CreatedWebhookEndpointDto } from './dto/created-webhook-endpoint.dto';
import { ListWebhookDeliveriesQueryDto } from './dto/list-webhook-deliveries-query.dto';
import { ListWebhookEndpointsQueryDto } from './dto/list-webhook-endpoints-query.dto';
import { ReplayResultDto } from './dto/replay-result.dto';
import { ReplayWebhookEventsDto } from './dto/replay-webhook-events.dto';
import { SecretRotationDto } from './dto/secret-rotation.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { WebhookDeliveryPageDto } from './dto/webhook-delivery-page.dto';
import { WebhookEndpointPageDto } from './dto/webhook-endpoint-page.dto';
import { WebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ManagementApi('Webhooks')
@Controller('api/v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a webhook endpoint.',
    description:
      'The signing secret is in this answer only (and in the answer of a rotation); it is stored encrypted.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  create(@Body() body: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointDto> {
    return this.endpoints.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List webhook endpoints, oldest first.' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: ListWebhookEndpointsQueryDto): Promise<WebhookEndpointPageDto> {
    return this.endpoints.list(query);
  }

  @Get(':endpointId')
  @ApiOperation({ summary: 'Get a webhook endpoint, with whether (and why) it is disabled.' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('endpointId') endpointId: string): Promise<WebhookEndpointDto> {
    return this.endpoints.get(endpointId);
  }

  @Patch(':endpointId')
  @ApiOperation({
    summary: 'Change a webhook endpoint.',
    description:
      'enabled: true re-enables an endpoint the dispatcher disabled; its waiting deliveries resume.',
  })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @Param('endpointId') endpointId: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.update(endpointId, body);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook endpoint with its delivery log.' })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  delete(@Param('endpointId') endpointId: string): Promise<void> {
    return this.endpoints.delete(endpointId);
  }

  @Post(':endpointId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret.',
    description:
      'Until previousSecretExpiresAt every delivery carries two signatures: the new and the previous secret.',
  })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiOkResponse({ type: SecretRotationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  rotateSecret(@Param('endpointId') endpointId: string): Promise<SecretRotationDto> {
    return this.endpoints.rotateSecret(endpointId);
  }

  @Get(':endpointId/deliveries')
  @ApiOperation({ summary: "An endpoint's deliveries, newest first, with their attempts." })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listDeliveries(
    @Param('endpointId') endpointId: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.listForEndpoint(endpointId, query);
  }

  @Post(':endpointId/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send stored events again.',
    description:
      'Events of [since, until) that the endpoint selects are delivered again as new deliveries, in order per ' +
      'directory, with their original ids (webhook-id) so the application can recognise them.',
  })
  @ApiParam({ name: 'endpointId', format: 'uuid' })
  @ApiAcceptedResponse({ type: ReplayResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  replay(
    @Param('endpointId') endpointId: string,
    @Body() body: ReplayWebhookEventsDto,
  ): Promise<ReplayResultDto> {
    return this.deliveries.replay(endpointId, body);
  }
}
