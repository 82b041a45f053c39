import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { DirectoryEventsService } from './directory-events.service';
import { DirectoryEventsQueryDto } from './dto/directory-events-query.dto';
import { EventPageDto } from './dto/event-page.dto';
import { EventTypeDto } from './dto/event-type.dto';
import { EventsQueryDto } from './dto/events-query.dto';
import { eventTypeCatalog } from './event-type-catalog';
import { ErrorResponseDto, ManagementAccess, ManagementApi } from '@scimflow/service-kit';

@ManagementApi('Events')
@Controller('api/v1')
export class EventsController {
  constructor(private readonly events: DirectoryEventsService) {}

  @Get('directories/:directoryId/events')
  @ManagementAccess({ directoryParam: 'directoryId' })
  @ApiOperation({
    summary: "Read a directory's event log in sequence order.",
    description: 'Pass the nextCursor of a page as `after` to read on; the same call polls for new events.',
  })
  @ApiParam({ name: 'directoryId', format: 'uuid' })
  @ApiOkResponse({ type: EventPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No such directory (GET /api/v1/events keeps deleted ones).',
  })
  listForDirectory(
    @Param('directoryId') directoryId: string,
    @Query() query: DirectoryEventsQueryDto,
  ): Promise<EventPageDto> {
    return this.events.listForDirectory(directoryId, query);
  }

  @Get('events')
  // A session reads its own organization's events only: organizationId is filled in or must be its own.
  @ManagementAccess({ organizationQuery: 'organizationId' })
  @ApiOperation({
    summary: 'Read the events of all directories, optionally of one organization or directory.',
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: EventsQueryDto): Promise<EventPageDto> {
    return this.events.list(query);
  }

  @Get('event-types')
  @ManagementAccess('any-session')
  @ApiOperation({
    summary: 'The event catalog: every type with its versions, descriptions and JSON Schemas.',
    description:
      'Generated from the event classes of libs/contracts, like docs/events.md and docs/event-schemas/. ' +
      'Each schema (JSON Schema draft 2020-12) covers the whole envelope and carries an example event.',
  })
  @ApiOkResponse({ type: [EventTypeDto] })
  eventTypes(): EventTypeDto[] {
    return eventTypeCatalog();
  }
}
