import { ApiProperty } from '@nestjs/swagger';
import { GrantingGroupDto } from './granting-group.dto';

/** A role a user holds and the groups it holds it through (none: the default role). */
export class UserRoleDto {
  @ApiProperty({ example: 'editor' })
  key!: string;

  @ApiProperty({ example: 'Editor' })
  name!: string;

  @ApiProperty({ type: () => [GrantingGroupDto] })
  grantedBy!: GrantingGroupDto[];
}
