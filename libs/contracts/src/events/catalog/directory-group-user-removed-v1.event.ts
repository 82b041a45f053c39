import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { GroupMembershipPayload } from '../payloads/group-membership.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_USER, exampleGroupWith } from './catalog-examples';

/** `directory.group.user_removed`, version 1. */
export class DirectoryGroupUserRemovedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<GroupMembershipPayload>
{
  static readonly eventType = EventTypes.groupUserRemoved;
  static readonly eventVersion = 1;
  static readonly description =
    'A user stopped being a member of a group: removed by a SCIM PUT or PATCH of the group, or because the user or the group is being deleted.';
  static readonly example: EventExample<GroupMembershipPayload> = {
    data: { user: EXAMPLE_USER, group: exampleGroupWith(0) },
  };

  @IsEventType(EventTypes.groupUserRemoved)
  type!: typeof EventTypes.groupUserRemoved;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => GroupMembershipPayload)
  @JSONSchema({ description: 'The user and the group.' })
  data!: GroupMembershipPayload;
}
