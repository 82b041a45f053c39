import { ApiProperty } from '@nestjs/swagger';
import { DirectoryUserDto } from './directory-user.dto';
import { GroupReferenceDto } from './group-reference.dto';
import { RoleReferenceDto } from './role-reference.dto';

/** One user with the groups it belongs to and the roles it holds. */
export class DirectoryUserDetailDto extends DirectoryUserDto {
  @ApiProperty({ type: () => [GroupReferenceDto], description: 'Ordered by display name.' })
  groups!: GroupReferenceDto[];

  @ApiProperty({
    type: () => [RoleReferenceDto],
    description: 'Roles from group→role mapping; empty until role mapping is configured.',
  })
  roles!: RoleReferenceDto[];
}
