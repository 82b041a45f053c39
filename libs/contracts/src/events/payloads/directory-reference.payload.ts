import { IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** The directory an event is about, as `directory.activated` carries it. */
@JSONSchema({ description: 'The directory an event is about.' })
export class DirectoryReferencePayload {
  @IsUUID()
  @JSONSchema({ description: "The directory's id (the same as the envelope's directoryId)." })
  id!: string;

  @IsUUID()
  @JSONSchema({ description: "The directory's organization." })
  organizationId!: string;

  @IsString()
  @JSONSchema({ description: 'The provider profile of the directory, such as `okta` or `generic-scim`.' })
  provider!: string;

  @IsString()
  @JSONSchema({ description: "The directory's name." })
  name!: string;
}
