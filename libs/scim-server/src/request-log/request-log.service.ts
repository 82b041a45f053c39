import { Inject, Injectable } from '@nestjs/common';
import { ManagementApiException } from '@scimflow/service-kit';
import type { DataSource } from 'typeorm';
import { SCIM_INGRESS_DATA_SOURCE } from '../scim-server.tokens';
import { decodeRequestLogCursor, encodeRequestLogCursor } from './request-log-cursor';
import { RequestLogEntryEntity } from './request-log-entry.entity';
import { toRequestLogEntry, type RequestLogPage } from './request-log-entry';
import type { RequestLogQueryDto } from './request-log-query.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_LIMIT = 50;

/** Reads a directory's request log, newest first, in keyset pages. */
@Injectable()
export class RequestLogService {
  constructor(@Inject(SCIM_INGRESS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(directoryId: string, query: RequestLogQueryDto): Promise<RequestLogPage> {
    const problems: string[] = [];
    if (!UUID.test(directoryId)) problems.push('directoryId must be a UUID');
    const cursor = query.cursor === undefined ? undefined : decodeRequestLogCursor(query.cursor);
    if (cursor === null) problems.push('cursor is not a cursor of this API');
    if (problems.length > 0) throw ManagementApiException.validation(problems);

    const limit = query.limit ?? DEFAULT_LIMIT;
    const builder = this.dataSource
      .getRepository(RequestLogEntryEntity)
      .createQueryBuilder('entry')
      .where('entry.directoryId = :directoryId', { directoryId })
      .orderBy('entry.receivedAt', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      builder.andWhere('(entry.receivedAt, entry.id) < (:receivedAt, :id)', {
        receivedAt: cursor.receivedAt,
        id: cursor.id,
      });
    }
    if (query.status !== undefined) {
      const base = Number(query.status[0]) * 100;
      if (query.status.endsWith('xx')) {
        builder.andWhere('entry.status BETWEEN :from AND :to', { from: base, to: base + 99 });
      } else {
        builder.andWhere('entry.status = :status', { status: Number(query.status) });
      }
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toRequestLogEntry),
      nextCursor:
        rows.length > limit && last
          ? encodeRequestLogCursor({ receivedAt: last.receivedAt, id: last.id })
          : null,
    };
  }
}
