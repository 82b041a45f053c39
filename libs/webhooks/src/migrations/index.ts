import { CreateWebhooksSchema1764950400000 } from './1764950400000-CreateWebhooksSchema';

/** webhook-dispatcher's migrations, oldest first. Never edit one once merged: add a new one. */
export const WEBHOOKS_MIGRATIONS = [CreateWebhooksSchema1764950400000];
