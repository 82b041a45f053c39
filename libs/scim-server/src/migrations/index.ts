import { CreateRequestLog1765000000000 } from './1765000000000-CreateRequestLog';

/** scim-ingress's migrations (schema scim_ingress), oldest first. Never edit one once merged: add a new one. */
export const SCIM_INGRESS_MIGRATIONS = [CreateRequestLog1765000000000];
