import { IsArray, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { NestedPayload } from '../schema/schema-decorators';
import { RoleGrantPayload } from './role-grant.payload';
import { UserSnapshotPayload } from './user-snapshot.payload';

/** The data of `directory.user.roles_updated`. */
@JSONSchema({ description: 'A change of the roles a user holds through group-to-role mapping.' })
export class RolesUpdatedPayload {
  @NestedPayload(() => UserSnapshotPayload)
  @JSONSchema({ description: 'The user whose roles changed, as role-mapping-service knows it.' })
  user!: UserSnapshotPayload;

  @IsArray()
  @IsString({ each: true })
  @JSONSchema({ description: 'The roles the user holds now, sorted by key (empty: no access).' })
  roles!: string[];

  @IsArray()
  @IsString({ each: true })
  @JSONSchema({ description: 'The roles the user held before, sorted by key.' })
  previousRoles!: string[];

  @NestedPayload(() => RoleGrantPayload, { each: true })
  @JSONSchema({ description: 'For each role held now, the groups that grant it.' })
  grants!: RoleGrantPayload[];
}
