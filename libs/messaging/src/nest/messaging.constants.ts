/** Injection token of the MessageBus (KafkaMessageBus or InProcessMessageBus, per the module's mode). */
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

/** Injection token of the MessagingModuleOptions. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
