import { Inject, Injectable } from '@nestjs/common';
import type { EventType } from '@scimflow/contracts';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { EventEntity } from '../entities/event.entity';
import { toEventEnvelope } from '../event-log/event-envelopes';
import type { DirectoryEventsQueryDto } from './dto/directory-events-query.dto';
import type { EventEnvelopeDto } from './dto/event-envelope.dto';
import type { EventPageDto } from './dto/event-page.dto';
import type { EventsQueryDto } from './dto/events-query.dto';
import { requestedEventTypes } from './dto/event-type-filter.dto';
import { DEFAULT_PAGE_LIMIT } from './dto/page-query.dto';
import { findDirectoryOrThrow } from './directory-lookup';
import { decodeEventCursor, encodeEventCursor } from './page-cursor';
import { ManagementApiException } from '@scimflow/service-kit';

const SEQUENCE = /^(0|[1-9][0-9]{0,15})$/;

/** Reads the permanent event log: per directory in sequence order, or across directories. */
@Injectable()
export class DirectoryEventsService {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Events of an existing directory after sequence `after`; nextCursor is the last sequence of the page. */
  async listForDirectory(directoryId: string, query: DirectoryEventsQueryDto): Promise<EventPageDto> {
    await findDirectoryOrThrow(this.dataSource.manager, directoryId);
    return this.bySequence(
      directoryId,
      query.after ?? 0,
      query.limit ?? DEFAULT_PAGE_LIMIT,
      requestedEventTypes(query),
      undefined,
    );
  }

  /**
   * Events of every directory, deleted ones included. With a directoryId, in that directory's sequence order
   * (the cursor is a sequence number); without, in position order (the cursor encodes a position), which keeps
   * each directory's events in sequence order.
   */
  async list(query: EventsQueryDto): Promise<EventPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    if (query.directoryId !== undefined) {
      if (query.after !== undefined && !SEQUENCE.test(query.after)) {
        throw ManagementApiException.validation([
          'after must be a sequence number when directoryId is given',
        ]);
      }
      const after = query.after === undefined ? 0 : Number(query.after);
      return this.bySequence(
        query.directoryId,
        after,
        limit,
        requestedEventTypes(query),
        query.organizationId,
      );
    }
    // Only positioned events (a fraction of a second after commit): their order is the order they became
    // visible, so a cursor never has an event appear behind it.
    const builder = this.dataSource.manager
      .createQueryBuilder(EventEntity, 'event')
      .where('event.position IS NOT NULL');
    if (query.organizationId !== undefined) {
      builder.andWhere('event.organizationId = :organizationId', { organizationId: query.organizationId });
    }
    const types = requestedEventTypes(query);
    if (types) builder.andWhere('event.type IN (:...types)', { types });
    let after = 0;
    if (query.after !== undefined) {
      const position = decodeEventCursor(query.after);
      if (position === null)
        throw ManagementApiException.validation(['after is not a cursor this API returned']);
      after = position;
    }
    builder.andWhere('event.position > :after', { after }).orderBy('event.position', 'ASC');
    const { events, last, more } = await readPage(builder, limit);
    return { data: events, nextCursor: encodeEventCursor(last?.position ?? after), hasMore: more };
  }

  private async bySequence(
    directoryId: string,
    after: number,
    limit: number,
    types: EventType[] | undefined,
    organizationId: string | undefined,
  ): Promise<EventPageDto> {
    const builder = this.dataSource.manager
      .createQueryBuilder(EventEntity, 'event')
      .where('event.directoryId = :directoryId', { directoryId })
      .andWhere('event.sequence > :after', { after });
    if (organizationId !== undefined)
      builder.andWhere('event.organizationId = :organizationId', { organizationId });
    if (types) builder.andWhere('event.type IN (:...types)', { types });
    builder.orderBy('event.sequence', 'ASC');
    const { events, last, more } = await readPage(builder, limit);
    return { data: events, nextCursor: String(last?.sequence ?? after), hasMore: more };
  }
}

async function readPage(
  builder: SelectQueryBuilder<EventEntity>,
  limit: number,
): Promise<{ events: EventEnvelopeDto[]; last: EventEntity | undefined; more: boolean }> {
  const rows = await builder.limit(limit + 1).getMany();
  const page = rows.slice(0, limit);
  return { events: page.map(toEventEnvelope), last: page.at(-1), more: rows.length > limit };
}
