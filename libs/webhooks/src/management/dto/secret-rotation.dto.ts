import { ApiProperty } from '@nestjs/swagger';

export class SecretRotationDto {
  @ApiProperty({ description: 'The new signing secret, shown once.' })
  secret!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Until then deliveries carry a signature with the previous secret too.',
  })
  previousSecretExpiresAt!: string;
}
