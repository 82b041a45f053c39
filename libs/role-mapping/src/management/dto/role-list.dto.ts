import { ApiProperty } from '@nestjs/swagger';
import { RoleDto } from './role.dto';

export class RoleListDto {
  @ApiProperty({ type: () => [RoleDto], description: 'Highest priority first, then by key.' })
  data!: RoleDto[];
}
