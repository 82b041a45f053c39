import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryDeletedPayload } from '../payloads/directory-deleted.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_DIRECTORY_ID, EXAMPLE_ORGANIZATION_ID } from './catalog-examples';

/** `directory.deleted`, version 1. */
export class DirectoryDeletedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryDeletedPayload>
{
  static readonly eventType = EventTypes.directoryDeleted;
  static readonly eventVersion = 1;
  static readonly description =
    'The directory was deleted with its users, groups and memberships, which get no events of their own; it is the last event of the directory.';
  static readonly example: EventExample<DirectoryDeletedPayload> = {
    data: {
      id: EXAMPLE_DIRECTORY_ID,
      organizationId: EXAMPLE_ORGANIZATION_ID,
      provider: 'okta',
      name: 'Acme Okta',
      status: 'active',
      activatedAt: '2026-11-28T17:20:44.102Z',
      createdAt: '2026-11-28T17:02:13.577Z',
    },
  };

  @IsEventType(EventTypes.directoryDeleted)
  type!: typeof EventTypes.directoryDeleted;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryDeletedPayload)
  @JSONSchema({ description: 'The directory as it was when deleted.' })
  data!: DirectoryDeletedPayload;
}
