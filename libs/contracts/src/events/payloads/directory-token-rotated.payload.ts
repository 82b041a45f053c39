import { IsISO8601, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** The data of `directory.token_rotated`: never the token itself. */
@JSONSchema({ description: 'A token rotation: never the token itself.' })
export class DirectoryTokenRotatedPayload {
  @IsUUID()
  @JSONSchema({ description: "The directory's id (the same as the envelope's directoryId)." })
  id!: string;

  @IsUUID()
  @JSONSchema({ description: "The directory's organization." })
  organizationId!: string;

  @IsISO8601()
  @JSONSchema({ description: 'Until when the replaced token keeps working (the grace period).' })
  previousTokenExpiresAt!: string;
}
