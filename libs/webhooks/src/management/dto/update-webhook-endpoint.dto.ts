import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ENDPOINT_URL_OPTIONS } from './create-webhook-endpoint.dto';
import { IsEventTypePatterns } from './event-type-patterns.validator';

/** Present, and not null: IsOptional would let a null through to a NOT NULL column. */
const IfPresent = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);

/** Only the fields given change; null clears description and organizationId (and is refused elsewhere). */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsUrl(ENDPOINT_URL_OPTIONS)
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEventTypePatterns()
  eventTypes?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ description: 'true re-enables a disabled endpoint (clearing disabledReason).' })
  @IfPresent()
  @IsBoolean()
  enabled?: boolean;
}
