import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Query of GET /api/v1/directories/:directoryId/requests. */
export class RequestLogQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cursor?: string;

  @ApiPropertyOptional({ description: 'An HTTP status (`409`) or a class of them (`4xx`).', example: '4xx' })
  @IsOptional()
  @Matches(/^[1-5](\d\d|xx)$/, {
    message: 'status must be an HTTP status such as 409, or a class such as 4xx',
  })
  status?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
