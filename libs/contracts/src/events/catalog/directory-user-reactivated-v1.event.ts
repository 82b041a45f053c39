import { IsObject } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryUserPayload } from '../payloads/directory-user.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { exampleUserWith } from './catalog-examples';

/** `directory.user.reactivated`, version 1. */
export class DirectoryUserReactivatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryUserPayload>
{
  static readonly eventType = EventTypes.userReactivated;
  static readonly eventVersion = 1;
  static readonly description =
    'A suspended user was made active again: `active` became true; it replaces the updated event of that change.';
  static readonly example: EventExample<DirectoryUserPayload> = {
    data: exampleUserWith({ active: true }),
    previousAttributes: { active: false },
  };

  @IsEventType(EventTypes.userReactivated)
  type!: typeof EventTypes.userReactivated;

  @IsEventVersion(1)
  version!: 1;

  @NestedPayload(() => DirectoryUserPayload)
  @JSONSchema({ description: 'The user after the change.' })
  data!: DirectoryUserPayload;

  @IsObject()
  @JSONSchema({
    description: 'The old values of the changed fields (rawAttributes only when no other field changed).',
  })
  previousAttributes!: Record<string, unknown>;
}
