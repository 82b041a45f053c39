import { SCIM_COMMAND_TYPES, SCIM_COMMAND_VERSION, type ScimCommand } from '@scimflow/contracts';
import { plainToInstance } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  validateSync,
} from 'class-validator';

class ScimCommandMessage {
  @IsUUID()
  commandId!: string;

  @IsIn(SCIM_COMMAND_TYPES as string[])
  type!: string;

  @Equals(SCIM_COMMAND_VERSION)
  version!: number;

  @IsUUID()
  organizationId!: string;

  @IsUUID()
  directoryId!: string;

  @IsString()
  provider!: string;

  @IsISO8601()
  issuedAt!: string;

  @IsOptional()
  @IsString()
  resourceId?: string;

  @IsOptional()
  @IsObject()
  resource?: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  operations?: unknown[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  preserveAttributes?: string[];

  @IsOptional()
  @IsString()
  ifMatch?: string;
}

/** Checks a command read from the bus before it touches the database. */
export function parseScimCommand(
  value: unknown,
): { ok: true; command: ScimCommand } | { ok: false; problems: string[] } {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['not an object'] };
  const problems = validateSync(plainToInstance(ScimCommandMessage, value)).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  return problems.length ? { ok: false, problems } : { ok: true, command: value as ScimCommand };
}
