import { IsUUID } from 'class-validator';

export class OrganizationParamsDto {
  @IsUUID()
  orgId!: string;
}
