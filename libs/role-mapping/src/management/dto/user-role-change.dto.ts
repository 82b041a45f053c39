import { ApiProperty } from '@nestjs/swagger';

export class UserRoleChangeDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ type: [String], description: 'The roles gained (or lost).' })
  roles!: string[];
}
