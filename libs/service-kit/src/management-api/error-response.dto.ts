import { ApiProperty } from '@nestjs/swagger';
import { ErrorDetailDto } from './error-detail.dto';

/** The body of every error answer of the management API. */
export class ErrorResponseDto {
  @ApiProperty({ type: () => ErrorDetailDto })
  error!: ErrorDetailDto;
}
