import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class OpenPortalSessionDto {
  @ApiProperty({
    description: 'The token of the magic link (after `#token=` in its URL).',
    example: 'pl_3q2-7wJH…',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}
