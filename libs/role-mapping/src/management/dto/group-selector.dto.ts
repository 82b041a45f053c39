import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

/** Exactly one of `id` (follows renames) and `displayName` (survives a group deleted and recreated). */
export class GroupSelectorDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The group, whatever it is called.' })
  @ValidateIf((selector: GroupSelectorDto) => selector.displayName === undefined)
  @IsUUID()
  id?: string;

  @ApiPropertyOptional({
    example: 'Engineering',
    maxLength: 256,
    description: 'Any group of this name, case-insensitively.',
  })
  @ValidateIf((selector: GroupSelectorDto) => selector.id === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  displayName?: string;
}
