import { ApiProperty } from '@nestjs/swagger';

export class PortalSessionDto {
  @ApiProperty({
    description:
      'Send as `Authorization: Bearer <sessionToken>`. Signed (HMAC-SHA256) and short-lived: refresh it before ' +
      'expiresAt with POST /api/v1/portal-sessions/refresh.',
  })
  sessionToken!: string;

  @ApiProperty({ format: 'uuid', description: 'The only organization the session can reach.' })
  organizationId!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ format: 'date-time', description: 'No refresh goes beyond the expiry of the link.' })
  linkExpiresAt!: string;
}
