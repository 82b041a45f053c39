import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import { MAPPING_MODES, type MappingMode } from '../../computation/role-mapping.types';
import { MappingRuleDto } from './mapping-rule.dto';

/** An organization's mapping, as saved or previewed. */
export class RoleMappingInputDto {
  @ApiProperty({
    enum: MAPPING_MODES,
    description: 'multiple: every matching role; highest-priority: the highest one.',
  })
  @IsIn(MAPPING_MODES as MappingMode[])
  mode!: MappingMode;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'viewer',
    description: 'Granted when no rule matches; null for none; omitted: the role flagged as default.',
  })
  @IsOptional()
  @IsString()
  defaultRole?: string | null;

  @ApiProperty({ type: () => [MappingRuleDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MappingRuleDto)
  rules!: MappingRuleDto[];
}
