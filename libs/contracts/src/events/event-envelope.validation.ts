import { plainToInstance } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { eventClassOf } from './event-catalog';
import { classJsonSchema, JSON_SCHEMA_DIALECT, type JsonSchema } from './schema/class-json-schema';
import { compileClassCheck } from './schema/compiled-class-check';
import { inEnvelopeOrder } from './schema/envelope-order';
import type { EventEnvelope } from './event-envelope';
import { EventEnvelopeBase } from './event-envelope-base';
import { EVENT_TYPES, type EventType } from './event-types';

/**
 * Validation class for an incoming event envelope of any type and version: consumers check it before
 * touching their database. It shares its envelope fields with every event class of the catalog.
 */
export class EventEnvelopeMessage extends EventEnvelopeBase implements EventEnvelope {
  @IsIn(EVENT_TYPES as EventType[])
  @JSONSchema({ description: 'The event type: one of GET /api/v1/event-types.' })
  type!: EventType;

  @IsInt()
  @Min(1)
  @JSONSchema({ description: 'The payload version of the type.' })
  version!: number;

  @IsDefined()
  @IsObject()
  @JSONSchema({ description: "The event's data, shaped by its type and version." })
  data!: unknown;

  @IsOptional()
  @IsObject()
  @JSONSchema({ description: 'On updates: the old values of the changed fields only.' })
  previousAttributes?: Record<string, unknown>;
}

/** The JSON Schema (draft 2020-12) of what validateEventEnvelope accepts: an envelope of any type and version. */
export function eventEnvelopeJsonSchema(): JsonSchema {
  const { type, required, properties } = inEnvelopeOrder(classJsonSchema(EventEnvelopeMessage).schema);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: 'urn:scimflow:event-envelope',
    title: 'Event envelope',
    description: 'The envelope of every event, whatever its type and version: what consumers check first.',
    type,
    required,
    properties,
  };
}

/**
 * Every consumer checks every event, and class-validator's check was the largest single cost of a consumer's
 * batch: the compiled check goes first.
 */
const envelopeCheck = compileClassCheck(EventEnvelopeMessage);

/** Returns the problems of a would-be envelope, or an empty list when it is valid. Its data is not checked. */
export function validateEventEnvelope(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['event is not an object'];
  if (envelopeCheck(value)) return [];
  return envelopeProblems(value);
}

/** class-validator's verdict on an envelope, with its messages (exported for the spec that compares both checks). */
export function envelopeProblems(value: object): string[] {
  // Only the kind of `data` and `previousAttributes` is checked, so an empty stand-in for an object saves
  // class-transformer copying the whole payload (most of what a consumer's check cost).
  const { data, previousAttributes, ...fields } = value as Record<string, unknown>;
  const instance = plainToInstance(EventEnvelopeMessage, {
    ...fields,
    data: shallowStandIn(data),
    ...('previousAttributes' in value ? { previousAttributes: shallowStandIn(previousAttributes) } : {}),
  });
  return validateSync(instance).flatMap((error) => Object.values(error.constraints ?? {}));
}

/** An empty object in place of a (non-array) object; anything else as it is, for the validators to refuse. */
function shallowStandIn(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? {} : value;
}

/**
 * Returns the problems of a would-be event checked against the catalog class of its type and version (its
 * data included, nested paths such as `data.user.id`), or an empty list when it is valid.
 */
export function validateEvent(value: unknown): string[] {
  const problems = validateEventEnvelope(value);
  if (problems.length > 0) return problems;
  const { type, version } = value as EventEnvelope;
  const eventClass = eventClassOf(type, version);
  if (!eventClass) return [`${type} has no version ${version} in the catalog`];
  return validateSync(plainToInstance(eventClass, value)).flatMap((error) => problemsOf(error, ''));
}

function problemsOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    // class-validator names the property alone ("id must be a UUID"): name the whole path instead.
    message.startsWith(`${error.property} `)
      ? `${path}${message.slice(error.property.length)}`
      : `${path}: ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}
