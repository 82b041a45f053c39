import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryUserPayload } from '../payloads/directory-user.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_USER } from './catalog-examples';

/** `directory.user.deleted`, version 1. */
export class DirectoryUserDeletedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryUserPayload>
{
  static readonly eventType = EventTypes.userDeleted;
  static readonly eventVersion = 1;
  static readonly description =
    'A user was deprovisioned (SCIM DELETE /Users); a directory.group.user_removed event precedes it for each of its groups.';
  static readonly example: EventExample<DirectoryUserPayload> = { data: EXAMPLE_USER };

  @IsEventType(EventTypes.userDeleted)
  type!: typeof EventTypes.userDeleted;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryUserPayload)
  @JSONSchema({ description: 'The user as last stored.' })
  data!: DirectoryUserPayload;
}
