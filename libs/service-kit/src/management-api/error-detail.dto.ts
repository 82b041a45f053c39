import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({
    example: 'validation_failed',
    description:
      'validation_failed (400), unauthorized (401), forbidden (403), not_found (404), conflict (409), internal_error (500)',
  })
  code!: string;

  @ApiProperty({ example: 'Invalid request: name must be a string.' })
  message!: string;
}
