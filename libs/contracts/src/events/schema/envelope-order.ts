import type { EventEnvelope } from '../event-envelope';
import type { JsonSchema } from './class-json-schema';

const ENVELOPE_FIELDS: ReadonlyArray<keyof EventEnvelope> = [
  'id',
  'type',
  'version',
  'sequence',
  'occurredAt',
  'organizationId',
  'directoryId',
  'data',
  'previousAttributes',
];

function byEnvelopeOrder(a: string, b: string): number {
  return (
    ENVELOPE_FIELDS.indexOf(a as keyof EventEnvelope) - ENVELOPE_FIELDS.indexOf(b as keyof EventEnvelope)
  );
}

/**
 * An envelope's schema with its properties (and required list) in the order the docs show envelopes: the
 * generated order puts the shared fields of the base class first.
 */
export function inEnvelopeOrder(schema: JsonSchema): JsonSchema {
  const properties = schema.properties ?? {};
  return {
    ...schema,
    required: [...(schema.required ?? [])].sort(byEnvelopeOrder),
    properties: Object.fromEntries(
      Object.keys(properties)
        .sort(byEnvelopeOrder)
        .map((name) => [name, properties[name]!]),
    ),
  };
}
