import { ApiProperty } from '@nestjs/swagger';
import { GroupReferenceDto } from './group-reference.dto';

/** A role the user holds through group→role mapping, with the groups that grant it. */
export class RoleReferenceDto {
  @ApiProperty({ example: 'engineer' })
  key!: string;

  @ApiProperty({ type: [GroupReferenceDto], description: 'Empty for the default role.' })
  grantedBy!: GroupReferenceDto[];
}
