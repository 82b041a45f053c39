import { ApiProperty } from '@nestjs/swagger';

/** A role of the application. */
export class RoleDto {
  @ApiProperty({
    example: 'billing-admin',
    description: 'Stable kebab-case key; rules and events name the role by it.',
  })
  key!: string;

  @ApiProperty({ example: 'Billing administrator' })
  name!: string;

  @ApiProperty({ example: 'Manages invoices and payment methods.' })
  description!: string;

  @ApiProperty({ example: 50, description: 'Higher wins in the highest-priority mode.' })
  priority!: number;

  @ApiProperty({
    description: 'The default role of organizations that have not saved a mapping; at most one role.',
  })
  isDefault!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
