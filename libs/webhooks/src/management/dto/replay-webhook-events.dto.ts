import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional } from 'class-validator';
import { IsEventTypePatterns } from './event-type-patterns.validator';

export class ReplayWebhookEventsDto {
  @ApiProperty({ format: 'date-time', description: 'Events that occurred at or after this time.' })
  @IsISO8601({ strict: true })
  since!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Events that occurred before this time; default now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({
    type: [String],
    description: "Only these types (or wildcards), within the endpoint's own filter.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEventTypePatterns()
  eventTypes?: string[];
}
