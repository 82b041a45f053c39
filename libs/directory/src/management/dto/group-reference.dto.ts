import { ApiProperty } from '@nestjs/swagger';

export class GroupReferenceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  displayName!: string;
}
