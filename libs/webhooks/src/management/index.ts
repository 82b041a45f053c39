import type { Provider, Type } from '@nestjs/common';
import { AdminApiKeyGuard } from '@scimflow/service-kit';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';

export { WebhookDeliveriesService } from './webhook-deliveries.service';
export { WebhookEndpointsService } from './webhook-endpoints.service';

/** The controllers of the webhooks management API (`/api/v1/webhook-endpoints`, `/api/v1/webhook-deliveries`). */
export const MANAGEMENT_CONTROLLERS: Type<unknown>[] = [
  WebhookEndpointsController,
  WebhookDeliveriesController,
];

/**
 * The providers of the management API. The host module must also provide WEBHOOKS_DATA_SOURCE, WEBHOOKS_OPTIONS,
 * SecretCipher, DeliveryStore, DeliveryDispatcher and MANAGEMENT_API_OPTIONS.
 */
export const MANAGEMENT_PROVIDERS: Provider[] = [
  AdminApiKeyGuard,
  WebhookEndpointsService,
  WebhookDeliveriesService,
];
