import { ApiProperty } from '@nestjs/swagger';

/** A role the user holds through group→role mapping. */
export class RoleReferenceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'admin' })
  key!: string;

  @ApiProperty({ example: 'Administrator' })
  name!: string;
}
