import { ApiProperty } from '@nestjs/swagger';
import { MAPPING_MODES, type MappingMode } from '../../computation/role-mapping.types';
import { MappingRuleDto } from './mapping-rule.dto';

/** An organization's mapping in force. */
export class RoleMappingDto {
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ enum: MAPPING_MODES })
  mode!: MappingMode;

  @ApiProperty({ type: String, nullable: true, example: 'viewer' })
  defaultRole!: string | null;

  @ApiProperty({ type: () => [MappingRuleDto] })
  rules!: MappingRuleDto[];

  @ApiProperty({ description: 'Bumped on every save; 0 while the organization has never saved one.' })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;
}
