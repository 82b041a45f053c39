import { ApiProperty } from '@nestjs/swagger';
import { DirectoryStatsDto } from './directory-stats.dto';

/** A directory as the management API shows it: never its token. */
export class DirectoryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'jumpcloud' })
  provider!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  endpointUrl!: string;

  @ApiProperty({ enum: ['pending', 'active'], description: 'pending until the first successful SCIM write.' })
  status!: string;

  @ApiProperty({ type: () => DirectoryStatsDto })
  stats!: DirectoryStatsDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastRequestAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
