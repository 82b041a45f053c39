import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DEFAULT_PAGE_LIMIT, type PageQueryDto } from './dto/page-query.dto';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { ManagementApiException } from '@scimflow/service-kit';

export interface KeysetPage<T> {
  rows: T[];
  nextCursor: string | null;
}

/**
 * Reads one page of `builder` in (createdAt, id) order, after the cursor of `query`. Keyset rather than
 * offset pagination: a page costs the same however deep it is, and rows inserted meanwhile shift nothing.
 * One row more than the limit is read to know whether another page follows.
 */
export async function keysetPage<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  builder: SelectQueryBuilder<T>,
  alias: string,
  query: PageQueryDto,
): Promise<KeysetPage<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  if (query.cursor !== undefined) {
    const cursor = decodePageCursor(query.cursor);
    if (!cursor) throw ManagementApiException.validation(['cursor is not a cursor this API returned']);
    builder.andWhere(`(${alias}.createdAt, ${alias}.id) > (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: cursor.createdAt,
      cursorId: cursor.id,
    });
  }
  const rows = await builder
    .orderBy(`${alias}.createdAt`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodePageCursor(last) : null };
}
