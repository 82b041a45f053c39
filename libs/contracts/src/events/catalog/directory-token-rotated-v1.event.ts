import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryTokenRotatedPayload } from '../payloads/directory-token-rotated.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_DIRECTORY_ID, EXAMPLE_ORGANIZATION_ID } from './catalog-examples';

/** `directory.token_rotated`, version 1. */
export class DirectoryTokenRotatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryTokenRotatedPayload>
{
  static readonly eventType = EventTypes.directoryTokenRotated;
  static readonly eventVersion = 1;
  static readonly description =
    "The directory's SCIM bearer token was replaced through the management API; the previous token keeps working until previousTokenExpiresAt.";
  static readonly example: EventExample<DirectoryTokenRotatedPayload> = {
    data: {
      id: EXAMPLE_DIRECTORY_ID,
      organizationId: EXAMPLE_ORGANIZATION_ID,
      previousTokenExpiresAt: '2026-11-29T17:25:01.481Z',
    },
  };

  @IsEventType(EventTypes.directoryTokenRotated)
  type!: typeof EventTypes.directoryTokenRotated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryTokenRotatedPayload)
  @JSONSchema({ description: 'The directory and the end of the grace period; never a token.' })
  data!: DirectoryTokenRotatedPayload;
}
