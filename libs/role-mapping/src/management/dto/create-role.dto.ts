import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const ROLE_KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class CreateRoleDto {
  @ApiProperty({ example: 'billing-admin', maxLength: 64, pattern: ROLE_KEY_PATTERN.source })
  @IsString()
  @MaxLength(64)
  @Matches(ROLE_KEY_PATTERN, { message: 'key must be kebab-case (a-z, 0-9, single dashes)' })
  key!: string;

  @ApiProperty({ example: 'Billing administrator', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Manages invoices and payment methods.', maxLength: 2000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ example: 50, default: 0, minimum: -1000000, maximum: 1000000 })
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'Make it the default role (the previous default stops being one).',
  })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
