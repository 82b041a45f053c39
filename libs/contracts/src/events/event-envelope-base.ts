import { IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/**
 * The fields every event envelope shares, validated the same way in every event class and in the envelope
 * check consumers run before routing by type. `type`, `version`, `data` and `previousAttributes` are declared
 * by each subclass, as each constrains them differently.
 */
export abstract class EventEnvelopeBase {
  @IsUUID()
  @JSONSchema({ description: 'Unique and stable across retries, redeliveries and replays: dedupe on it.' })
  id!: string;

  @IsInt()
  @Min(1)
  @JSONSchema({
    description: "The event's place in its directory's log: from 1, strictly increasing, without gaps.",
  })
  sequence!: number;

  @IsISO8601()
  @JSONSchema({ description: 'When the change was committed.' })
  occurredAt!: string;

  @IsUUID()
  @JSONSchema({ description: "The directory's organization." })
  organizationId!: string;

  @IsUUID()
  @JSONSchema({ description: 'The directory the event happened in; also the message key.' })
  directoryId!: string;
}
