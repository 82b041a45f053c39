import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { RolesUpdatedPayload } from '../payloads/roles-updated.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_GROUP, EXAMPLE_USER } from './catalog-examples';

/** `directory.user.roles_updated`, version 1. */
export class DirectoryUserRolesUpdatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<RolesUpdatedPayload>
{
  static readonly eventType = EventTypes.userRolesUpdated;
  static readonly eventVersion = 1;
  static readonly description =
    'The roles a user holds through group-to-role mapping changed, after a membership or `active` change or an edit of the mapping or the roles; it is sequenced after the event that caused it.';
  static readonly example: EventExample<RolesUpdatedPayload> = {
    data: {
      user: {
        id: EXAMPLE_USER.id,
        userName: EXAMPLE_USER.userName,
        email: EXAMPLE_USER.email,
        displayName: EXAMPLE_USER.displayName,
        active: true,
      },
      roles: ['admin', 'viewer'],
      previousRoles: ['viewer'],
      grants: [
        { role: 'admin', groupIds: [EXAMPLE_GROUP.id] },
        { role: 'viewer', groupIds: [] },
      ],
    },
  };

  @IsEventType(EventTypes.userRolesUpdated)
  type!: typeof EventTypes.userRolesUpdated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => RolesUpdatedPayload)
  @JSONSchema({ description: 'The user, its roles now and before, and the groups that grant each role.' })
  data!: RolesUpdatedPayload;
}
