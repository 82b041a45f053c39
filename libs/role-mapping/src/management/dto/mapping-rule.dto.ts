import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsString, ValidateNested } from 'class-validator';
import { GroupSelectorDto } from './group-selector.dto';

export class MappingRuleDto {
  @ApiProperty({ type: () => GroupSelectorDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => GroupSelectorDto)
  group!: GroupSelectorDto;

  @ApiProperty({ type: [String], example: ['editor'], description: 'Keys of existing roles.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  roles!: string[];
}
