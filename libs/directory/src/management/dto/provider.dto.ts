import { ApiProperty } from '@nestjs/swagger';

export class ProviderDto {
  @ApiProperty({ example: 'jumpcloud' })
  id!: string;

  @ApiProperty({ example: 'JumpCloud' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String], description: 'What to do in the identity provider, in order.' })
  setupSteps!: string[];
}
