import { IsObject } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { EventEnvelope } from '../event-envelope';
import { EventEnvelopeBase } from '../event-envelope-base';
import type { EventExample } from '../event-class';
import { EventTypes } from '../event-types';
import { DirectoryUserPayload } from '../payloads/directory-user.payload';
import { IsEventType, IsEventVersion, NestedPayload } from '../schema/schema-decorators';
import { exampleUserWith } from './catalog-examples';

/** `directory.user.updated`, version 1. */
export class DirectoryUserUpdatedV1Event
  extends EventEnvelopeBase
  implements EventEnvelope<DirectoryUserPayload>
{
  static readonly eventType = EventTypes.userUpdated;
  static readonly eventVersion = 1;
  static readonly description =
    'Attributes of a user really changed (SCIM PUT or PATCH) while `active` did not; a request that changes nothing emits nothing.';
  static readonly example: EventExample<DirectoryUserPayload> = {
    data: exampleUserWith({ title: 'Senior Analyst' }),
    previousAttributes: { title: 'Analyst' },
  };

  @IsEventType(EventTypes.userUpdated)
  type!: typeof EventTypes.userUpdated;

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
