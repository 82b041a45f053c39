export * from './topics';
export * from './directory/directory-user';
export * from './directory/directory-group';
export * from './events/event-types';
export * from './events/event-envelope';
export * from './events/event-envelope-base';
export {
  EventEnvelopeMessage,
  eventEnvelopeJsonSchema,
  validateEvent,
  validateEventEnvelope,
} from './events/event-envelope.validation';
export * from './events/event-class';
export * from './events/event-catalog';
export {
  classJsonSchema,
  JSON_SCHEMA_DIALECT,
  schemaName,
  type JsonSchema,
} from './events/schema/class-json-schema';
export { compileClassCheck } from './events/schema/compiled-class-check';
export * from './events/payloads/directory-deleted.payload';
export * from './events/payloads/directory-group.payload';
export * from './events/payloads/directory-reference.payload';
export * from './events/payloads/directory-token-rotated.payload';
export * from './events/payloads/directory-user.payload';
export * from './events/payloads/group-membership.payload';
export * from './events/payloads/manager-reference.payload';
export * from './events/payloads/multi-valued-attribute.payload';
export * from './events/payloads/role-grant.payload';
export * from './events/payloads/roles-updated.payload';
export * from './events/payloads/user-snapshot.payload';
export * from './events/catalog/directory-activated-v1.event';
export * from './events/catalog/directory-token-rotated-v1.event';
export * from './events/catalog/directory-deleted-v1.event';
export * from './events/catalog/directory-user-created-v1.event';
export * from './events/catalog/directory-user-updated-v1.event';
export * from './events/catalog/directory-user-deactivated-v1.event';
export * from './events/catalog/directory-user-reactivated-v1.event';
export * from './events/catalog/directory-user-deleted-v1.event';
export * from './events/catalog/directory-group-created-v1.event';
export * from './events/catalog/directory-group-updated-v1.event';
export * from './events/catalog/directory-group-deleted-v1.event';
export * from './events/catalog/directory-group-user-added-v1.event';
export * from './events/catalog/directory-group-user-removed-v1.event';
export * from './events/catalog/directory-user-roles-updated-v1.event';
export * from './commands/scim-command';
export * from './gateway/directory-gateway';
