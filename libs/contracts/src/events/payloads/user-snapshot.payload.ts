import { IsBoolean, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nullable } from '../schema/schema-decorators';

/** The user in a role event: what role-mapping-service knows of it. */
@JSONSchema({ description: 'The user in a role event: what role-mapping-service knows of it.' })
export class UserSnapshotPayload {
  @IsUUID()
  @JSONSchema({ description: "The user's id in scimflow." })
  id!: string;

  @IsString()
  @JSONSchema({ description: 'The SCIM userName.' })
  userName!: string;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The primary email, else the first one.' })
  email!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The SCIM displayName.' })
  displayName!: string | null;

  @IsBoolean()
  @JSONSchema({ description: 'False while the user is suspended (a suspended user holds no role).' })
  active!: boolean;
}
