import { ApiProperty } from '@nestjs/swagger';

export class ReplayResultDto {
  @ApiProperty({ format: 'uuid', description: 'The replayId of the deliveries made.' })
  replayId!: string;

  @ApiProperty({ description: 'How many events will be sent again, in order per directory.' })
  deliveries!: number;
}
