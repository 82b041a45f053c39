import { ApiProperty } from '@nestjs/swagger';

export class ManagerReferenceDto {
  @ApiProperty({ type: String, nullable: true, description: "The manager's id in the identity provider." })
  value!: string | null;

  @ApiProperty({ type: String, nullable: true })
  displayName!: string | null;
}
