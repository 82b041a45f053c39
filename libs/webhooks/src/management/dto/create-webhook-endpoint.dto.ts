import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsEventTypePatterns } from './event-type-patterns.validator';

export const ENDPOINT_URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://app.example.com/webhooks/scimflow', description: 'http or https.' })
  @IsUrl(ENDPOINT_URL_OPTIONS)
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['directory.user.*', 'directory.group.user_added'],
    description: 'Event types or wildcards such as directory.user.*; empty or absent = every type.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEventTypePatterns()
  eventTypes?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only this organization's events; absent = every organization.",
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
