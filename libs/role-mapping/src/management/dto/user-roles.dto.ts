import { ApiProperty } from '@nestjs/swagger';
import { UserRoleDto } from './user-role.dto';

export class UserRolesDto {
  @ApiProperty({ type: () => [UserRoleDto], description: 'Sorted by key.' })
  roles!: UserRoleDto[];
}
