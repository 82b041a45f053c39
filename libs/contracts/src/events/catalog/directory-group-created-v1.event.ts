import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryGroupPayload } from '../payloads/directory-group.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_GROUP, EXAMPLE_OCCURRED_AT } from './catalog-examples';

/** `directory.group.created`, version 1. */
export class DirectoryGroupCreatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryGroupPayload>
{
  static readonly eventType = EventTypes.groupCreated;
  static readonly eventVersion = 1;
  static readonly description =
    'A group was provisioned (SCIM POST /Groups); a directory.group.user_added event follows for each initial member.';
  static readonly example: EventExample<DirectoryGroupPayload> = {
    data: {
      ...EXAMPLE_GROUP,
      memberCount: 0,
      createdAt: EXAMPLE_OCCURRED_AT,
      updatedAt: EXAMPLE_OCCURRED_AT,
    },
  };

  @IsEventType(EventTypes.groupCreated)
  type!: typeof EventTypes.groupCreated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryGroupPayload)
  @JSONSchema({
    description: 'The group as stored, with memberCount 0: its initial members follow as user_added events.',
  })
  data!: DirectoryGroupPayload;
}
