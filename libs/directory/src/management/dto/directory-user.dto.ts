import { ApiProperty } from '@nestjs/swagger';
import type { DirectoryUser } from '@scimflow/contracts';
import { ManagerReferenceDto } from './manager-reference.dto';
import { MultiValuedAttributeDto } from './multi-valued-attribute.dto';

const NULLABLE_STRING = { type: String, nullable: true } as const;
const OBJECT = { type: 'object', additionalProperties: true } as const;

/** A user as the application sees it: the same shape as in events and webhooks. */
export class DirectoryUserDto implements DirectoryUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  directoryId!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ ...NULLABLE_STRING, description: "The identity provider's id of the user." })
  externalId!: string | null;

  @ApiProperty()
  userName!: string;

  @ApiProperty({ ...NULLABLE_STRING, description: 'The primary email, else the first one.' })
  email!: string | null;

  @ApiProperty({ type: () => [MultiValuedAttributeDto] })
  emails!: MultiValuedAttributeDto[];

  @ApiProperty(NULLABLE_STRING)
  givenName!: string | null;

  @ApiProperty(NULLABLE_STRING)
  familyName!: string | null;

  @ApiProperty(NULLABLE_STRING)
  displayName!: string | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty(NULLABLE_STRING)
  title!: string | null;

  @ApiProperty(NULLABLE_STRING)
  department!: string | null;

  @ApiProperty(NULLABLE_STRING)
  employeeNumber!: string | null;

  @ApiProperty(NULLABLE_STRING)
  costCenter!: string | null;

  @ApiProperty(NULLABLE_STRING)
  division!: string | null;

  @ApiProperty({ type: () => ManagerReferenceDto, nullable: true })
  manager!: ManagerReferenceDto | null;

  @ApiProperty({ type: () => [MultiValuedAttributeDto] })
  phoneNumbers!: MultiValuedAttributeDto[];

  @ApiProperty(NULLABLE_STRING)
  locale!: string | null;

  @ApiProperty({
    ...OBJECT,
    description: 'Attributes of extension schemas other than core and enterprise, by URN.',
  })
  customAttributes!: Record<string, unknown>;

  @ApiProperty({ ...OBJECT, description: 'The SCIM resource as stored.' })
  rawAttributes!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
