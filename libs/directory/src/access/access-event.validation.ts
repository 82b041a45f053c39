import { EventTypes } from '@scimflow/contracts';
import { plainToInstance } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  validateSync,
} from 'class-validator';

/** A role event as role-mapping-service publishes it on access.events.v1: an envelope without a sequence. */
export interface AccessEvent {
  id: string;
  type: typeof EventTypes.userRolesUpdated;
  version: number;
  occurredAt: string;
  organizationId: string;
  directoryId: string;
  data: Record<string, unknown>;
  causationId?: string;
}

class AccessEventMessage {
  @IsUUID()
  id!: string;

  @Equals(EventTypes.userRolesUpdated)
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601()
  occurredAt!: string;

  @IsString()
  organizationId!: string;

  @IsString()
  directoryId!: string;

  @IsDefined()
  @IsObject()
  data!: Record<string, unknown>;

  @IsOptional()
  @IsString()
  causationId?: string;
}

export function parseAccessEvent(
  value: unknown,
): { ok: true; event: AccessEvent } | { ok: false; problems: string[] } {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['not an object'] };
  const problems = validateSync(plainToInstance(AccessEventMessage, value)).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  return problems.length ? { ok: false, problems } : { ok: true, event: value as AccessEvent };
}
