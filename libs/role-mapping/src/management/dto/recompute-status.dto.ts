import { ApiProperty } from '@nestjs/swagger';

/** Progress of the recomputation of an organization's users after its last mapping or role change. */
export class RecomputeStatusDto {
  @ApiProperty({ enum: ['idle', 'running', 'done'], description: 'idle: no recomputation has ever run.' })
  status!: 'idle' | 'running' | 'done';

  @ApiProperty({ description: 'Users to recompute (final count once done).' })
  total!: number;

  @ApiProperty({ description: 'Users recomputed so far.' })
  done!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}
