import { IsObject } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryGroupPayload } from '../payloads/directory-group.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_GROUP } from './catalog-examples';

/** `directory.group.updated`, version 1. */
export class DirectoryGroupUpdatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryGroupPayload>
{
  static readonly eventType = EventTypes.groupUpdated;
  static readonly eventVersion = 1;
  static readonly description =
    'Attributes of a group changed, such as its displayName (SCIM PUT or PATCH); membership changes alone emit only user_added and user_removed events.';
  static readonly example: EventExample<DirectoryGroupPayload> = {
    data: {
      ...EXAMPLE_GROUP,
      displayName: 'Engineering (EMEA)',
      rawAttributes: { ...EXAMPLE_GROUP.rawAttributes, displayName: 'Engineering (EMEA)' },
    },
    previousAttributes: {
      displayName: EXAMPLE_GROUP.displayName,
      rawAttributes: EXAMPLE_GROUP.rawAttributes,
    },
  };

  @IsEventType(EventTypes.groupUpdated)
  type!: typeof EventTypes.groupUpdated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryGroupPayload)
  @JSONSchema({
    description:
      'The group with its new attributes and updatedAt; its memberCount is the one before the membership events of the same request, which follow this event.',
  })
  data!: DirectoryGroupPayload;

  @IsObject()
  @JSONSchema({
    description: 'The old values of the changed fields among displayName, externalId and rawAttributes.',
  })
  previousAttributes!: Record<string, unknown>;
}
