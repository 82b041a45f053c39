import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { GroupMembershipPayload } from '../payloads/group-membership.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_USER, exampleGroupWith } from './catalog-examples';

/** `directory.group.user_added`, version 1. */
export class DirectoryGroupUserAddedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<GroupMembershipPayload>
{
  static readonly eventType = EventTypes.groupUserAdded;
  static readonly eventVersion = 1;
  static readonly description = 'A user became a member of a group (SCIM POST, PUT or PATCH of the group).';
  static readonly example: EventExample<GroupMembershipPayload> = {
    data: { user: EXAMPLE_USER, group: exampleGroupWith(1) },
  };

  @IsEventType(EventTypes.groupUserAdded)
  type!: typeof EventTypes.groupUserAdded;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => GroupMembershipPayload)
  @JSONSchema({ description: 'The user and the group.' })
  data!: GroupMembershipPayload;
}
