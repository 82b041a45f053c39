import { Type } from 'class-transformer';
import { Equals, IsArray, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

type PayloadClass = abstract new (...args: never[]) => object;

// What the JSON Schema builder must know beyond class-validator's own metadata: which class a nested property
// holds, and which properties accept null while still being required.
const nestedTypes = new WeakMap<object, Map<string, () => PayloadClass>>();
const nullableProperties = new WeakMap<object, Set<string>>();

/**
 * A property holding an instance (or, with `each`, an array) of another payload class: validated in depth
 * by class-validator and described by a `$ref` to that class in the JSON Schema.
 */
export function NestedPayload(type: () => PayloadClass, options: { each?: boolean } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const property = String(propertyKey);
    const types = nestedTypes.get(target.constructor) ?? new Map<string, () => PayloadClass>();
    types.set(property, type);
    nestedTypes.set(target.constructor, types);
    (options.each ? IsArray() : IsObject())(target, propertyKey);
    ValidateNested({ each: options.each ?? false })(target, propertyKey);
    Type(type as () => new () => object)(target, propertyKey);
  };
}

/**
 * A required property that may be null: its other validators apply to any other value (`undefined`
 * included), and its JSON Schema accepts `null` beside them.
 */
export function Nullable(): PropertyDecorator {
  return (target, propertyKey) => {
    const properties = nullableProperties.get(target.constructor) ?? new Set<string>();
    properties.add(String(propertyKey));
    nullableProperties.set(target.constructor, properties);
    ValidateIf((_object: unknown, value: unknown) => value !== null)(target, propertyKey);
  };
}

/** The class a `@NestedPayload` property of `owner` (or of one of its ancestors) holds. */
export function nestedTypeOf(owner: object, property: string): PayloadClass | undefined {
  for (let current: object | null = owner; current; current = Object.getPrototypeOf(current)) {
    const type = nestedTypes.get(current)?.get(property);
    if (type) return type();
  }
  return undefined;
}

/** Whether `property` of `owner` (or of one of its ancestors) was declared `@Nullable()`. */
export function isNullableProperty(owner: object, property: string): boolean {
  for (let current: object | null = owner; current; current = Object.getPrototypeOf(current)) {
    if (nullableProperties.get(current)?.has(property)) return true;
  }
  return false;
}

/** The `type` of an event class: exactly `type`. */
export function IsEventType(type: string): PropertyDecorator {
  return (target, propertyKey) => {
    Equals(type)(target, propertyKey);
    JSONSchema({ description: 'The event type.' })(target, String(propertyKey));
  };
}

/** The `version` of an event class: exactly `version`. */
export function IsEventVersion(version: number): PropertyDecorator {
  return (target, propertyKey) => {
    Equals(version)(target, propertyKey);
    JSONSchema({ description: 'The payload version of the type.' })(target, String(propertyKey));
  };
}
