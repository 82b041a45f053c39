import { IsISO8601, IsInt, IsObject, IsString, IsUUID, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { DirectoryGroup } from '../../directory/directory-group';
import { Nullable } from '../schema/schema-decorators';

/** A group as the application sees it: the `DirectoryGroup` of the management API, events and webhooks. */
@JSONSchema({ description: 'A group as the application sees it. Members travel as membership events.' })
export class DirectoryGroupPayload implements DirectoryGroup {
  @IsUUID()
  @JSONSchema({ description: "The group's id in scimflow (also its SCIM id)." })
  id!: string;

  @IsUUID()
  @JSONSchema({ description: 'The directory the group belongs to.' })
  directoryId!: string;

  @IsUUID()
  @JSONSchema({ description: "The directory's organization." })
  organizationId!: string;

  @Nullable()
  @IsString()
  @JSONSchema({ description: "The identity provider's own id of the group." })
  externalId!: string | null;

  @IsString()
  @JSONSchema({ description: 'The SCIM displayName, unique in the directory (case-insensitively).' })
  displayName!: string;

  @IsInt()
  @Min(0)
  @JSONSchema({ description: 'How many users are members now.' })
  memberCount!: number;

  @IsObject()
  @JSONSchema({ description: 'The SCIM resource as stored, with its id and without its members.' })
  rawAttributes!: Record<string, unknown>;

  @IsISO8601()
  @JSONSchema({ description: 'When scimflow first stored the group.' })
  createdAt!: string;

  @IsISO8601()
  @JSONSchema({ description: 'When scimflow last changed the group.' })
  updatedAt!: string;
}
