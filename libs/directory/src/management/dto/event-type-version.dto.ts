import { ApiProperty } from '@nestjs/swagger';
import type { EventCatalogVersion, JsonSchema } from '@scimflow/contracts';

/** One version of an event type, with the JSON Schema generated from its class in libs/contracts. */
export class EventTypeVersionDto implements EventCatalogVersion {
  @ApiProperty({ type: 'integer', example: 1 })
  version!: number;

  @ApiProperty({ description: 'When this version is emitted and what it carries.' })
  description!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'JSON Schema (draft 2020-12) of the whole event envelope of this version, its data included, ' +
      'with an example event under `examples`.',
  })
  schema!: JsonSchema;
}
