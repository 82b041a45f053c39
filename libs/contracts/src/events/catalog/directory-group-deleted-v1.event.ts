import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryGroupPayload } from '../payloads/directory-group.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { EXAMPLE_GROUP } from './catalog-examples';

/** `directory.group.deleted`, version 1. */
export class DirectoryGroupDeletedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryGroupPayload>
{
  static readonly eventType = EventTypes.groupDeleted;
  static readonly eventVersion = 1;
  static readonly description =
    'A group was deleted (SCIM DELETE /Groups); a directory.group.user_removed event precedes it for each of its members.';
  static readonly example: EventExample<DirectoryGroupPayload> = {
    data: { ...EXAMPLE_GROUP, memberCount: 0 },
  };

  @IsEventType(EventTypes.groupDeleted)
  type!: typeof EventTypes.groupDeleted;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryGroupPayload)
  @JSONSchema({ description: 'The group as last stored, with memberCount 0.' })
  data!: DirectoryGroupPayload;
}
