import { ApiProperty } from '@nestjs/swagger';
import { PreviewCountsDto } from './preview-counts.dto';
import { UserRoleChangeDto } from './user-role-change.dto';

/** What saving a mapping would change, computed on the current users and groups. */
export class RoleMappingPreviewDto {
  @ApiProperty({
    type: () => [UserRoleChangeDto],
    description: 'At most 1000 users, by id; counts has them all.',
  })
  usersGaining!: UserRoleChangeDto[];

  @ApiProperty({
    type: () => [UserRoleChangeDto],
    description: 'At most 1000 users, by id; counts has them all.',
  })
  usersLosing!: UserRoleChangeDto[];

  @ApiProperty({ type: () => PreviewCountsDto })
  counts!: PreviewCountsDto;
}
