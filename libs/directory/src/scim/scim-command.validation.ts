import {
  compileClassCheck,
  SCIM_COMMAND_TYPES,
  SCIM_COMMAND_VERSION,
  type ScimCommand,
} from '@scimflow/contracts';
import { plainToInstance } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsHexadecimal,
  IsUUID,
  Length,
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

  @IsOptional()
  @IsHexadecimal()
  @Length(64, 64)
  credential?: string;
}

const commandCheck = compileClassCheck(ScimCommandMessage);

/** Checks a command read from the bus before it touches the database. */
export function parseScimCommand(
  value: unknown,
): { ok: true; command: ScimCommand } | { ok: false; problems: string[] } {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['not an object'] };
  // Every write pays this check: the compiled one goes first.
  if (commandCheck(value)) return { ok: true, command: value as ScimCommand };
  return commandProblems(value);
}

/** class-validator's verdict on a command, with its messages (exported for the spec that compares both checks). */
export function commandProblems(
  value: object,
): { ok: true; command: ScimCommand } | { ok: false; problems: string[] } {
  // `resource` and `operations` are only checked for their kind (the engine validates their content), so empty
  // stand-ins save class-transformer copying them: a PATCH of 100 members is mostly its operations.
  const { resource, operations, ...fields } = value as Record<string, unknown>;
  const standIns = {
    ...('resource' in value ? { resource: isPlainObject(resource) ? {} : resource } : {}),
    ...('operations' in value ? { operations: Array.isArray(operations) ? [] : operations } : {}),
  };
  const problems = validateSync(plainToInstance(ScimCommandMessage, { ...fields, ...standIns })).flatMap(
    (error) => Object.values(error.constraints ?? {}),
  );
  return problems.length ? { ok: false, problems } : { ok: true, command: value as ScimCommand };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
