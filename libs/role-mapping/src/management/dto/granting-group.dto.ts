import { ApiProperty } from '@nestjs/swagger';

export class GrantingGroupDto {
  @ApiProperty({ format: 'uuid' })
  groupId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Engineering',
    description: 'null once the group is gone.',
  })
  displayName!: string | null;
}
