export * from './topics';
export * from './directory/directory-user';
export * from './directory/directory-group';
export * from './events/event-types';
export * from './events/event-envelope';
export * from './events/event-envelope.validation';
export * from './commands/scim-command';
export * from './gateway/directory-gateway';
