import { IsArray, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** Why a user holds a role. */
@JSONSchema({ description: 'Why a user holds a role.' })
export class RoleGrantPayload {
  @IsString()
  @JSONSchema({ description: 'The role key.' })
  role!: string;

  @IsArray()
  @IsUUID(undefined, { each: true })
  @JSONSchema({
    description: 'The groups whose mapping grants the role, sorted; empty for the default role.',
  })
  groupIds!: string[];
}
