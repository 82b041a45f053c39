export {
  WebhooksModule,
  WEBHOOKS_SCHEMA,
  type WebhooksModuleOptions,
  type WebhooksSettings,
} from './webhooks.module';
export { WEBHOOKS_DATA_SOURCE, WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.tokens';
export { IsDuration, IsDurationList, IsWebhookSecretKey } from './config/config-validators';
export { isDuration, isDurationList, parseDuration, parseDurationList } from './config/duration';
export { isWebhookSecretKey, parseWebhookSecretKey } from './config/webhook-secret-key';
export { DeliveryDispatcher } from './delivery/delivery-dispatcher';
export { EventIngestService, WEBHOOK_DISPATCHER_CONSUMER } from './ingest/event-ingest.service';
export { WebhookDeliveriesService, WebhookEndpointsService } from './management';
export { generateWebhookSecret, signWebhook, type WebhookSignatureHeaders } from './signing/webhook-signer';
export { DELIVERY_STATUSES, type DeliveryStatus } from './entities/webhook-delivery.entity';
