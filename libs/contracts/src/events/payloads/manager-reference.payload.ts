import { IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nullable } from '../schema/schema-decorators';

/** The manager of a user (enterprise extension), as the identity provider referenced it. */
@JSONSchema({
  description: 'The manager of a user (enterprise extension), as the identity provider referenced it.',
})
export class ManagerReferencePayload {
  @Nullable()
  @IsString()
  @JSONSchema({ description: "The manager's id at the identity provider." })
  value!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: "The manager's display name, when the identity provider sends one." })
  displayName!: string | null;
}
