import { ApiProperty } from '@nestjs/swagger';

export class CreatedPortalLinkDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({
    example: 'https://portal.example.com/portal/login#token=pl_3q2-7wJH…',
    description:
      'Shown once: only the SHA-256 of its token is stored. The token is in the fragment, so browsers never send ' +
      'it to a server or in a Referer header.',
  })
  url!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
