import { ApiProperty } from '@nestjs/swagger';

export class TokenRotationDto {
  @ApiProperty({ description: 'The new token, shown once.' })
  bearerToken!: string;

  @ApiProperty({ format: 'date-time', description: 'Until then the previous token keeps working.' })
  previousTokenExpiresAt!: string;
}
