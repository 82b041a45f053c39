import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_LINK_TTL_SECONDS = 7 * 24 * 3600;
export const MIN_LINK_TTL_SECONDS = 60;
export const MAX_LINK_TTL_SECONDS = 90 * 24 * 3600;

export class CreatePortalLinkDto {
  @ApiPropertyOptional({
    description: 'Seconds until the link expires.',
    default: DEFAULT_LINK_TTL_SECONDS,
    minimum: MIN_LINK_TTL_SECONDS,
    maximum: MAX_LINK_TTL_SECONDS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_LINK_TTL_SECONDS)
  @Max(MAX_LINK_TTL_SECONDS)
  expiresIn?: number;
}
