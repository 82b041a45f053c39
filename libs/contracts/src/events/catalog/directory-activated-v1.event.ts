import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryReferencePayload } from '../payloads/directory-reference.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_DIRECTORY_ID, EXAMPLE_ORGANIZATION_ID } from './catalog-examples';

/** `directory.activated`, version 1. */
export class DirectoryActivatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryReferencePayload>
{
  static readonly eventType = EventTypes.directoryActivated;
  static readonly eventVersion = 1;
  static readonly description =
    'The identity provider made its first successful SCIM write to the directory; the event comes before the events of that write.';
  static readonly example: EventExample<DirectoryReferencePayload> = {
    data: {
      id: EXAMPLE_DIRECTORY_ID,
      organizationId: EXAMPLE_ORGANIZATION_ID,
      provider: 'okta',
      name: 'Acme Okta',
    },
  };

  @IsEventType(EventTypes.directoryActivated)
  type!: typeof EventTypes.directoryActivated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryReferencePayload)
  @JSONSchema({ description: 'The directory.' })
  data!: DirectoryReferencePayload;
}
