/** SCIM attribute data types (RFC 7643 §2.3). */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';

/** RFC 7643 §7 `mutability`. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

/** RFC 7643 §7 `returned`. */
export type Returned = 'always' | 'never' | 'default' | 'request';

/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute definition, as served by /Schemas (RFC 7643 §7 and §8.7.1). */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly subAttributes?: readonly AttributeDefinition[];
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  /**
   * Not part of RFC 7643 and never served: the sub-attribute that identifies an element of a multi-valued
   * complex attribute. Group `members` are identified by `value`, so adding a member that is already there
   * changes nothing even if `display` differs; without it, elements are compared as whole values.
   */
  readonly identifiedBy?: string;
}

/** A schema (RFC 7643 §7): a URN and its attributes. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** A schema extension of a resource type. */
export interface SchemaExtensionReference {
  readonly schema: string;
  readonly required: boolean;
}

/** A resource type (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  /** The resource type name, e.g. `User`; also its id in /ResourceTypes. */
  readonly name: string;
  /** The endpoint relative to the base URL, e.g. `/Users`. */
  readonly endpoint: string;
  readonly description: string;
  /** The core schema URN. */
  readonly schema: string;
  readonly schemaExtensions: readonly SchemaExtensionReference[];
}

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/**
 * Builds an attribute with the RFC 7643 §2.2 defaults (single-valued, optional, case-insensitive, readWrite,
 * returned by default, not unique), so that definitions below state only what differs.
 */
export function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}
