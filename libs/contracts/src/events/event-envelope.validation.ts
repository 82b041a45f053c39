import { plainToInstance } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  validateSync,
} from 'class-validator';
import type { EventEnvelope } from './event-envelope';
import { EVENT_TYPES, type EventType } from './event-types';

/** Validation class for an incoming event envelope: consumers check it before touching their database. */
export class EventEnvelopeMessage implements EventEnvelope {
  @IsUUID()
  id!: string;

  @IsIn(EVENT_TYPES as EventType[])
  type!: EventType;

  @IsInt()
  @Min(1)
  version!: number;

  @IsInt()
  @Min(0)
  sequence!: number;

  @IsISO8601()
  occurredAt!: string;

  @IsString()
  organizationId!: string;

  @IsString()
  directoryId!: string;

  @IsDefined()
  @IsObject()
  data!: unknown;

  @IsOptional()
  @IsObject()
  previousAttributes?: Record<string, unknown>;
}

/** Returns the problems of a would-be envelope, or an empty list when it is valid. */
export function validateEventEnvelope(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['event is not an object'];
  const instance = plainToInstance(EventEnvelopeMessage, value);
  return validateSync(instance).flatMap((error) => Object.values(error.constraints ?? {}));
}
