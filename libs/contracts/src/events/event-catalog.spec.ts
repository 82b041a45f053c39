import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { EventClass } from './event-class';
import { EVENT_CLASSES, eventCatalog, eventClassOf, eventJsonSchema, exampleEvent } from './event-catalog';
import { validateEvent } from './event-envelope.validation';
import { EVENT_TYPES, EVENT_VERSIONS } from './event-types';
import type { JsonSchema } from './schema/class-json-schema';

const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }));
const validators = new Map<EventClass, ValidateFunction>();

/** The generated JSON Schema, compiled by an independent validator (Ajv, draft 2020-12). */
function schemaValidator(eventClass: EventClass): ValidateFunction {
  let validate = validators.get(eventClass);
  if (!validate) validators.set(eventClass, (validate = ajv.compile(eventJsonSchema(eventClass))));
  return validate;
}

const CLASSES: Array<[string, EventClass]> = EVENT_TYPES.flatMap((type) =>
  (EVENT_CLASSES[type] as readonly EventClass[]).map((eventClass): [string, EventClass] => [
    `${type} v${eventClass.eventVersion}`,
    eventClass,
  ]),
);

/** The schema of the event's `data`, with `$ref`s resolved against the event schema's `$defs`. */
function dataSchema(eventClass: EventClass): JsonSchema {
  const schema = eventJsonSchema(eventClass);
  return resolve(schema, schema.properties!['data']!);
}

function resolve(root: JsonSchema, schema: JsonSchema): JsonSchema {
  return schema.$ref ? root.$defs![schema.$ref.replace('#/$defs/', '')]! : schema;
}

/** A value of the wrong JSON type for the property, whatever else it accepts. */
function wrongValueFor(schema: JsonSchema): unknown {
  const types = [schema.type, ...(schema.anyOf ?? []).map((option) => option.type ?? 'object')].flat();
  return schema.$ref || types.includes('object') ? 42 : { wrong: true };
}

/** Both validators' verdicts on one would-be event: they must always agree. */
function verdicts(eventClass: EventClass, event: unknown): { classValidator: string[]; jsonSchema: boolean } {
  return { classValidator: validateEvent(event), jsonSchema: schemaValidator(eventClass)(event) };
}

/** A deep copy of the example event of a class, to spoil. */
function exampleCopy(eventClass: EventClass): Record<string, unknown> & { data: Record<string, unknown> } {
  const { data, ...envelope } = structuredClone(exampleEvent(eventClass));
  return { ...envelope, data: data as Record<string, unknown> };
}

describe(eventCatalog.name, () => {
  it('has a class for every version of every type, up to its current version, and no other', () => {
    for (const type of EVENT_TYPES) {
      const versions = (EVENT_CLASSES[type] as readonly EventClass[]).map(
        (eventClass) => eventClass.eventVersion,
      );
      expect({ type, versions }).toEqual({
        type,
        versions: Array.from({ length: EVENT_VERSIONS[type] }, (_unused, index) => index + 1),
      });
      for (const eventClass of EVENT_CLASSES[type]) expect(eventClass.eventType).toBe(type);
    }
    expect(Object.keys(EVENT_CLASSES).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('lists every type once, in catalog order, with its current version, description and schemas', () => {
    const catalog = eventCatalog();
    expect(catalog.map((entry) => entry.type)).toEqual([...EVENT_TYPES]);
    for (const entry of catalog) {
      expect(entry.version).toBe(EVENT_VERSIONS[entry.type]);
      expect(entry.description).toBe(eventClassOf(entry.type, entry.version)!.description);
      expect(entry.versions.map((version) => version.schema.$id)).toEqual(
        entry.versions.map((version) => `urn:scimflow:event:${entry.type}:v${version.version}`),
      );
    }
  });

  it.each(CLASSES)('describes %s in a sentence', (_name, eventClass) => {
    expect(eventClass.description).toMatch(/^[A-Z].{20,}\.$/);
  });

  it.each(CLASSES)('accepts the example of %s, by its class and by its JSON Schema', (_name, eventClass) => {
    const example = exampleEvent(eventClass);
    expect(verdicts(eventClass, example)).toEqual({ classValidator: [], jsonSchema: true });
    expect(eventJsonSchema(eventClass).examples).toEqual([example]);
  });

  it.each(CLASSES)('refuses %s without any one of its required fields', (_name, eventClass) => {
    const schema = eventJsonSchema(eventClass);
    const missing = [
      ...schema.required!.map((field) => [field]),
      ...dataSchema(eventClass).required!.map((field) => ['data', field]),
    ];
    for (const path of missing) {
      const event = exampleCopy(eventClass);
      const owner = (path.length === 1 ? event : event.data) as Record<string, unknown>;
      delete owner[path.at(-1)!];
      const verdict = verdicts(eventClass, event);
      expect({ path, refused: verdict.classValidator.length > 0 }).toEqual({ path, refused: true });
      expect({ path, jsonSchema: verdict.jsonSchema }).toEqual({ path, jsonSchema: false });
    }
  });

  it.each(CLASSES)('refuses %s with a field of the wrong type', (_name, eventClass) => {
    const schema = eventJsonSchema(eventClass);
    const data = dataSchema(eventClass);
    const cases: Array<{ path: string[]; value: unknown }> = [
      ...Object.entries(schema.properties!).map(([field, property]) => ({
        path: [field],
        value: wrongValueFor(property),
      })),
      ...Object.entries(data.properties!).map(([field, property]) => ({
        path: ['data', field],
        value: wrongValueFor(property),
      })),
    ];
    for (const { path, value } of cases) {
      const event = exampleCopy(eventClass);
      const owner = (path.length === 1 ? event : event.data) as Record<string, unknown>;
      owner[path.at(-1)!] = value;
      const verdict = verdicts(eventClass, event);
      expect({ path, refused: verdict.classValidator.length > 0 }).toEqual({ path, refused: true });
      expect({ path, jsonSchema: verdict.jsonSchema }).toEqual({ path, jsonSchema: false });
    }
  });

  it.each(CLASSES)('describes every field of the example of %s in its schema', (_name, eventClass) => {
    const example = exampleCopy(eventClass);
    expect(Object.keys(example).filter((field) => !eventJsonSchema(eventClass).properties![field])).toEqual(
      [],
    );
    expect(Object.keys(example.data).filter((field) => !dataSchema(eventClass).properties![field])).toEqual(
      [],
    );
  });

  it.each(CLASSES)('accepts %s with fields added by a later release', (_name, eventClass) => {
    const event = exampleCopy(eventClass);
    const extended = { ...event, addedLater: true, data: { ...event.data, addedLater: true } };
    expect(verdicts(eventClass, extended)).toEqual({ classValidator: [], jsonSchema: true });
  });
});
