import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryUserPayload } from '../payloads/directory-user.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_OCCURRED_AT, EXAMPLE_USER } from './catalog-examples';

/** `directory.user.created`, version 1. */
export class DirectoryUserCreatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryUserPayload>
{
  static readonly eventType = EventTypes.userCreated;
  static readonly eventVersion = 1;
  static readonly description = 'A user was provisioned (SCIM POST /Users).';
  static readonly example: EventExample<DirectoryUserPayload> = {
    data: { ...EXAMPLE_USER, createdAt: EXAMPLE_OCCURRED_AT, updatedAt: EXAMPLE_OCCURRED_AT },
  };

  @IsEventType(EventTypes.userCreated)
  type!: typeof EventTypes.userCreated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryUserPayload)
  @JSONSchema({ description: 'The user as stored.' })
  data!: DirectoryUserPayload;
}
