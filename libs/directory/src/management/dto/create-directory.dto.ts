import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROVIDER_IDS, type ProviderId } from '@scimflow/providers';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateDirectoryDto {
  @ApiProperty({ enum: PROVIDER_IDS, example: 'jumpcloud' })
  @IsIn(PROVIDER_IDS)
  provider!: ProviderId;

  @ApiPropertyOptional({ maxLength: 200, description: "Defaults to the provider's name." })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}
