import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One value of a SCIM multi-valued attribute (emails, phoneNumbers). */
export class MultiValuedAttributeDto {
  @ApiProperty()
  value!: string;

  @ApiPropertyOptional({ example: 'work' })
  type?: string;

  @ApiPropertyOptional()
  primary?: boolean;
}
