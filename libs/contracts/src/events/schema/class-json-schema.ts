import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { IOptions } from 'class-validator-jsonschema/build/options';
import { isNullableProperty, nestedTypeOf } from './schema-decorators';

/** The JSON Schema dialect of every schema the catalog generates. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A JSON Schema (draft 2020-12) as the catalog generates it: the keywords it reads, and any other. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  examples?: unknown[];
  [keyword: string]: unknown;
}

type SchemaClass = abstract new (...args: never[]) => object;

const DEFS = '#/$defs/';

/** The name of a class's schema in `$defs`: `DirectoryUserPayload` is `DirectoryUser`. */
export function schemaName(type: SchemaClass): string {
  return type.name.replace(/Payload$/, '');
}

/**
 * The JSON Schema of a class-validator class, generated from its decorators by class-validator-jsonschema,
 * with the classes its `@NestedPayload` properties hold as `$defs` (each under `schemaName`).
 *
 * What class-validator-jsonschema leaves to its caller (it targets OpenAPI 3.0) is done here:
 * `@Nullable()` properties accept null and stay required, ISO 8601 strings are `date-time`, `@Min` keeps
 * `@IsInt`'s `integer`, `@Equals` is a `const`; and properties come in declaration order, inherited ones first.
 */
export function classJsonSchema(root: SchemaClass): { schema: JsonSchema; defs: Record<string, JsonSchema> } {
  const referenced = new Map<string, SchemaClass>();
  const options: Partial<IOptions> = {
    refPointerPrefix: DEFS,
    additionalConverters: {
      [ValidationTypes.NESTED_VALIDATION]: (meta) => {
        const nested = nestedTypeOf(meta.target as object, meta.propertyName);
        if (!nested) throw new Error(`${meta.propertyName}: use @NestedPayload to declare what it holds`);
        referenced.set(schemaName(nested), nested);
        return { $ref: DEFS + schemaName(nested) };
      },
      isIso8601: { type: 'string', format: 'date-time' },
      // The defaults add `type: number`, which would override `integer` from @IsInt.
      min: (meta) => ({ minimum: meta.constraints[0] }),
      max: (meta) => ({ maximum: meta.constraints[0] }),
    },
  };
  const generate = (type: SchemaClass): JsonSchema =>
    finish(type, targetConstructorToSchema(type, options) as JsonSchema);

  const schema = generate(root);
  const defs: Record<string, JsonSchema> = {};
  // Map iteration also visits the entries added while it runs: the classes the nested classes reference.
  for (const [name, type] of referenced) defs[name] ??= generate(type);
  return { schema, defs };
}

function finish(type: SchemaClass, generated: JsonSchema): JsonSchema {
  const properties = generated.properties ?? {};
  const order = declaredProperties(type);
  const names = Object.keys(properties).sort((a, b) => rank(order, a) - rank(order, b));
  const optional = optionalProperties(type);
  const { properties: _unordered, required: _required, type: _type, ...rest } = generated;
  return {
    ...rest,
    type: 'object',
    required: names.filter((name) => !optional.has(name)),
    properties: Object.fromEntries(
      names.map((name) => [name, property(properties[name]!, isNullableProperty(type, name))]),
    ),
  };
}

function property(generated: JsonSchema, nullable: boolean): JsonSchema {
  const schema = simplified(generated);
  const { type, description, ...rest } = schema;
  const described = description === undefined ? {} : { description };
  if (!nullable) return { ...described, ...(type === undefined ? {} : { type }), ...rest };
  if (typeof type === 'string' && !rest.$ref) return { ...described, type: [type, 'null'], ...rest };
  return { ...described, anyOf: [{ ...(type === undefined ? {} : { type }), ...rest }, { type: 'null' }] };
}

function simplified(schema: JsonSchema): JsonSchema {
  // A $ref says all there is to say about the type; class-validator-jsonschema also adds one from @IsObject.
  if (schema.$ref) return { ...schema, type: undefined };
  // @Equals comes out as a one-value enum of a type; `const` says it alone.
  if (schema.enum?.length === 1) {
    const { enum: values, type: _type, ...rest } = schema;
    return { ...rest, const: values[0] };
  }
  return schema;
}

/** Property names in declaration order, those of ancestor classes first. */
function declaredProperties(type: SchemaClass): string[] {
  const chain: SchemaClass[] = [];
  let current: unknown = type;
  while (typeof current === 'function' && current !== Function.prototype) {
    chain.unshift(current as SchemaClass);
    current = Object.getPrototypeOf(current);
  }
  const storage = getMetadataStorage();
  const names: string[] = [];
  for (const ancestor of chain) {
    for (const meta of storage.getTargetValidationMetadatas(ancestor, '', true, false)) {
      if (meta.target === ancestor && !names.includes(meta.propertyName)) names.push(meta.propertyName);
    }
  }
  return names;
}

/** Properties marked @IsOptional (on the class or an ancestor): all others are required, nullable or not. */
function optionalProperties(type: SchemaClass): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(type, '', true, false)
      .filter((meta) => meta.type === ValidationTypes.CONDITIONAL_VALIDATION && meta.name === 'isOptional')
      .map((meta) => meta.propertyName),
  );
}

function rank(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}
