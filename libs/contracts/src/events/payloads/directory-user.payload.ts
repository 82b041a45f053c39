import { IsBoolean, IsISO8601, IsObject, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import type { DirectoryUser } from '../../directory/directory-user';
import { NestedPayload, Nullable } from '../schema/schema-decorators';
import { ManagerReferencePayload } from './manager-reference.payload';
import { MultiValuedAttributePayload } from './multi-valued-attribute.payload';

/** A user as the application sees it: the `DirectoryUser` of the management API, events and webhooks. */
@JSONSchema({ description: 'A user as the application sees it, normalized across identity providers.' })
export class DirectoryUserPayload implements DirectoryUser {
  @IsUUID()
  @JSONSchema({ description: "The user's id in scimflow (also its SCIM id)." })
  id!: string;

  @IsUUID()
  @JSONSchema({ description: 'The directory the user belongs to.' })
  directoryId!: string;

  @IsUUID()
  @JSONSchema({ description: "The directory's organization." })
  organizationId!: string;

  @Nullable()
  @IsString()
  @JSONSchema({ description: "The identity provider's own id of the user." })
  externalId!: string | null;

  @IsString()
  @JSONSchema({ description: 'The SCIM userName, unique in the directory (case-insensitively).' })
  userName!: string;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The primary email, else the first one.' })
  email!: string | null;

  @NestedPayload(() => MultiValuedAttributePayload, { each: true })
  @JSONSchema({ description: 'Every email sent, in the order sent.' })
  emails!: MultiValuedAttributePayload[];

  @Nullable()
  @IsString()
  @JSONSchema({ description: '`name.givenName`.' })
  givenName!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: '`name.familyName`.' })
  familyName!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The SCIM displayName.' })
  displayName!: string | null;

  @IsBoolean()
  @JSONSchema({ description: 'False while the user is suspended; a user sent without `active` is active.' })
  active!: boolean;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The SCIM title.' })
  title!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'Enterprise extension: department.' })
  department!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'Enterprise extension: employeeNumber.' })
  employeeNumber!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'Enterprise extension: costCenter.' })
  costCenter!: string | null;

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'Enterprise extension: division.' })
  division!: string | null;

  @Nullable()
  @NestedPayload(() => ManagerReferencePayload)
  @JSONSchema({ description: 'Enterprise extension: manager.' })
  manager!: ManagerReferencePayload | null;

  @NestedPayload(() => MultiValuedAttributePayload, { each: true })
  @JSONSchema({ description: 'Every phone number sent, in the order sent.' })
  phoneNumbers!: MultiValuedAttributePayload[];

  @Nullable()
  @IsString()
  @JSONSchema({ description: 'The SCIM locale.' })
  locale!: string | null;

  @IsObject()
  @JSONSchema({
    description: 'Attributes of extension schemas other than core and enterprise, by schema URN.',
  })
  customAttributes!: Record<string, unknown>;

  @IsObject()
  @JSONSchema({ description: 'The SCIM resource as stored, with its id (never a password).' })
  rawAttributes!: Record<string, unknown>;

  @IsISO8601()
  @JSONSchema({ description: 'When scimflow first stored the user.' })
  createdAt!: string;

  @IsISO8601()
  @JSONSchema({ description: 'When scimflow last changed the user.' })
  updatedAt!: string;
}
