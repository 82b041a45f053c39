/**
 * Every topic of the system, in one table. Names carry a version: a breaking change to a payload is a new
 * topic published beside the old one until its consumers have moved. Keys are always the directory id.
 */
export const Topics = {
  /** Canonical SCIM write commands from scim-ingress to directory-service (request/reply). */
  scimCommands: 'scim.commands.v1',
  /** Replies to scim.commands.v1, read by the ingress instance named in the request's reply-to header. */
  scimReplies: 'scim.replies.v1',
  /** Normalized, sequenced directory events (the catalog that webhooks expose). */
  directoryEvents: 'directory.events.v1',
  /** Role events from role-mapping-service, sequenced into directory.events.v1 by directory-service. */
  accessEvents: 'access.events.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The dead-letter topic of a topic: where permanently failing messages go, with the reason in a header. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dead-letter`;
}
