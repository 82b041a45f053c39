import { IsUUID } from 'class-validator';

export class PortalLinkParamsDto {
  @IsUUID()
  linkId!: string;
}
