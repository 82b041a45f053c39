import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ManagementAccess, ManagementApi } from '@scimflow/service-kit';
import type { RequestLogPage } from './request-log-entry';
import { RequestLogQueryDto } from './request-log-query.dto';
import { RequestLogService } from './request-log.service';

/** The SCIM requests a directory received and the answers they got: what an admin reads to debug an IdP. */
@ManagementApi('Request log')
@ManagementAccess({ directoryParam: 'directoryId' })
@Controller('api/v1/directories/:directoryId/requests')
export class RequestLogController {
  constructor(private readonly requestLog: RequestLogService) {}

  @Get()
  @ApiOperation({
    summary: "A directory's SCIM requests, newest first.",
    description: 'Bodies without passwords, tokens or secrets; kept for a bounded time and number.',
  })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ description: '{ data: entries newest first, nextCursor }' })
  list(
    @Param('directoryId') directoryId: string,
    @Query() query: RequestLogQueryDto,
  ): Promise<RequestLogPage> {
    return this.requestLog.list(directoryId, query);
  }
}
