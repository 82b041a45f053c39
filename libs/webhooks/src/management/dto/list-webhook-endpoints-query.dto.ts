import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

export class ListWebhookEndpointsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Endpoints of this organization only.' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}
