import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of the internal SCIM token check. */
export class ScimAuthRequestDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  directoryId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  token!: string;
}
