import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ManagementApi, ManagementApiException } from '@scimflow/service-kit';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { DIRECTORY_DATA_SOURCE } from '../directory.tokens';
import { DeadLetterEntity } from '../entities/dead-letter.entity';

export class DeadLettersQueryDto {
  @ApiPropertyOptional({
    description: 'Only dead letters first published on this topic, e.g. directory.events.v1.',
  })
  @IsOptional()
  @IsString()
  topic?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class DeadLetterDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The topic the message was first published on.' }) topic!: string;
  @ApiProperty({ description: '<topic>/<partition>@<offset> of the original message.' }) source!: string;
  @ApiProperty({ description: 'The consumer group that gave up on it.' }) consumerGroup!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ nullable: true, type: Object }) payload!: unknown;
  @ApiProperty({ type: Object }) headers!: Record<string, string>;
  @ApiProperty() receivedAt!: string;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) data!: DeadLetterDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** Messages a consumer gave up on, newest first: the place to look when an event never arrived. */
@ManagementApi('Dead letters')
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DIRECTORY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'List dead letters, newest first.' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  async list(@Query() query: DeadLettersQueryDto): Promise<DeadLetterPageDto> {
    const limit = query.limit ?? 50;
    const builder = this.dataSource.manager
      .createQueryBuilder(DeadLetterEntity, 'd')
      .orderBy('d.received_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(limit + 1);
    if (query.topic) builder.andWhere('d.topic = :topic', { topic: query.topic });
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      builder.andWhere('(d.received_at, d.id) < (:at, :id)', { at, id });
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => ({
        id: row.id,
        topic: row.topic,
        source: row.source,
        consumerGroup: row.consumerGroup,
        reason: row.reason,
        key: row.messageKey,
        payload: row.payload,
        headers: row.headers,
        receivedAt: row.receivedAt.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    };
  }
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return [at, id];
  } catch {
    // fall through
  }
  throw ManagementApiException.validation(['cursor was not issued by this API']);
}
