import { AttributePath } from '../filter/filter-ast';
import { parseAttributePath } from '../filter/filter-parser';
import { getProperty, isPlainObject } from '../json-value';
import { ScimError } from '../scim-error';
import { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './attribute-definition';
import {
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA,
  USER_RESOURCE_TYPE,
  USER_SCHEMA,
} from './core-schemas';

/** An attribute path resolved against a resource type. */
export interface ResolvedAttribute {
  readonly kind: 'attribute';
  /** The URN of the schema that defines the attribute (the core schema for common attributes). */
  readonly schema: string;
  /** True when the attribute lives in an extension, i.e. under the extension's URN key in the resource. */
  readonly extension: boolean;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
  /** Canonical spelling, e.g. `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`. */
  readonly path: string;
}

/** A path naming a whole schema extension, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
export interface ResolvedExtension {
  readonly kind: 'extension';
  readonly schema: string;
  readonly path: string;
}

export type ResolvedPath = ResolvedAttribute | ResolvedExtension;

interface ResourceTypeIndex {
  readonly definition: ResourceTypeDefinition;
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
  /** Core and common attributes by lowercase name. */
  readonly coreAttributes: ReadonlyMap<string, AttributeDefinition>;
  /** Extension attributes by lowercase extension URN, then lowercase name. */
  readonly extensionAttributes: ReadonlyMap<string, ReadonlyMap<string, AttributeDefinition>>;
  readonly extensionByUrn: ReadonlyMap<string, SchemaDefinition>;
  /** Extension attributes reachable without their URN: names that exactly one extension defines. */
  readonly unqualified: ReadonlyMap<
    string,
    { readonly schema: SchemaDefinition; readonly attribute: AttributeDefinition }
  >;
  readonly resolvedStrings: Map<string, ResolvedPath | null>;
}

const STRING_CACHE_LIMIT = 2000;

function byLowerName(attributes: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  const map = new Map<string, AttributeDefinition>();
  for (const attribute of attributes) map.set(attribute.name.toLowerCase(), attribute);
  return map;
}

/** The sub-attribute `name` (case-insensitive) of a complex attribute. */
export function findSubAttribute(
  attribute: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attribute.subAttributes?.find((candidate) => candidate.name.toLowerCase() === lower);
}

/**
 * The schemas and resource types a server speaks, indexed for attribute resolution: case-insensitive
 * names, URN-qualified paths (`urn:…:enterprise:2.0:User:department`, `urn:…:core:2.0:User:name.givenName`)
 * and sub-attributes. Extension attributes are also found without their URN when exactly one extension of
 * the resource type defines the name (RFC 7644 §3.10 asks clients to qualify them; some do not).
 */
/** `urn:<NID>:<NSS>` (RFC 8141), with at least one more colon-separated part: `urn:acme:User`. */
const UNDEFINED_EXTENSION_URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[^\s:]+(:[^\s:]+)+$/i;
/** SCIM's own schemas and messages, never someone's extension. */
const RESERVED_URN_PREFIXES = ['urn:ietf:params:scim:schemas:core:', 'urn:ietf:params:scim:api:'];

export class SchemaSet {
  private readonly schemasById = new Map<string, SchemaDefinition>();
  private readonly resourceTypesByName = new Map<string, ResourceTypeIndex>();
  private readonly resourceTypeBySchema = new Map<string, ResourceTypeIndex>();

  constructor(schemas: readonly SchemaDefinition[], resourceTypes: readonly ResourceTypeDefinition[]) {
    for (const schema of schemas) this.schemasById.set(schema.id.toLowerCase(), schema);
    for (const definition of resourceTypes) {
      const core = this.requireSchema(definition.schema, definition.name);
      const extensions = definition.schemaExtensions.map((reference) =>
        this.requireSchema(reference.schema, definition.name),
      );
      const coreAttributes = byLowerName([...COMMON_ATTRIBUTES, ...core.attributes]);
      const extensionAttributes = new Map<string, ReadonlyMap<string, AttributeDefinition>>();
      const extensionByUrn = new Map<string, SchemaDefinition>();
      const unqualified = new Map<string, { schema: SchemaDefinition; attribute: AttributeDefinition }>();
      const ambiguous = new Set<string>();
      for (const extension of extensions) {
        extensionByUrn.set(extension.id.toLowerCase(), extension);
        extensionAttributes.set(extension.id.toLowerCase(), byLowerName(extension.attributes));
        for (const attribute of extension.attributes) {
          const lower = attribute.name.toLowerCase();
          if (coreAttributes.has(lower) || unqualified.has(lower)) ambiguous.add(lower);
          else unqualified.set(lower, { schema: extension, attribute });
        }
      }
      for (const name of ambiguous) unqualified.delete(name);
      const index: ResourceTypeIndex = {
        definition,
        core,
        extensions,
        coreAttributes,
        extensionAttributes,
        extensionByUrn,
        unqualified,
        resolvedStrings: new Map(),
      };
      this.resourceTypesByName.set(definition.name.toLowerCase(), index);
      this.resourceTypeBySchema.set(core.id.toLowerCase(), index);
    }
  }

  /** User (with the Enterprise User extension) and Group, as RFC 7643 defines them. */
  static standard(): SchemaSet {
    return new SchemaSet(
      [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA],
      [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE],
    );
  }

  /** Every schema, in registration order. */
  schemas(): SchemaDefinition[] {
    return [...this.schemasById.values()];
  }

  /** The schema with this URN (case-insensitive), or undefined. */
  schema(id: string): SchemaDefinition | undefined {
    return this.schemasById.get(id.toLowerCase());
  }

  /** Every resource type, in registration order. */
  resourceTypes(): ResourceTypeDefinition[] {
    return [...this.resourceTypesByName.values()].map((index) => index.definition);
  }

  /**
   * The resource type with this name (case-insensitive).
   *
   * @throws Error when it is not registered: that is a programming error, not a client error.
   */
  resourceType(name: string): ResourceTypeDefinition {
    return this.index(name).definition;
  }

  /** The core schema of a resource type. */
  coreSchema(resourceType: string): SchemaDefinition {
    return this.index(resourceType).core;
  }

  /** The extension schemas of a resource type. */
  extensionSchemas(resourceType: string): readonly SchemaDefinition[] {
    return this.index(resourceType).extensions;
  }

  /** The extension of a resource type with this URN (case-insensitive), or undefined. */
  extensionSchema(resourceType: string, urn: string): SchemaDefinition | undefined {
    return this.index(resourceType).extensionByUrn.get(urn.toLowerCase());
  }

  /**
   * Whether `urn` can name an extension this set does not define: an identity provider's own schema (Entra ID's
   * and Okta's custom attributes), whose attributes a server keeps as sent. A syntactically valid URN (RFC 8141)
   * that is neither the resource type's core schema nor one of its extensions, nor in SCIM's reserved core and
   * message namespaces.
   */
  isUndefinedExtension(resourceType: string, urn: string): boolean {
    const lower = urn.toLowerCase();
    const index = this.index(resourceType);
    return (
      UNDEFINED_EXTENSION_URN.test(urn) &&
      lower !== index.core.id.toLowerCase() &&
      !index.extensionByUrn.has(lower) &&
      !RESERVED_URN_PREFIXES.some((prefix) => lower.startsWith(prefix))
    );
  }

  /** Core schema attributes plus the common ones (id, externalId, schemas, meta). */
  coreAttributes(resourceType: string): ReadonlyMap<string, AttributeDefinition> {
    return this.index(resourceType).coreAttributes;
  }

  /**
   * The resource type of a resource, from `meta.resourceType` or else from the core schema in `schemas`.
   *
   * @throws Error when neither names a registered resource type.
   */
  resourceTypeOf(resource: Record<string, unknown>): string {
    const meta = getProperty(resource, 'meta');
    if (isPlainObject(meta)) {
      const name = getProperty(meta, 'resourceType');
      if (typeof name === 'string' && this.resourceTypesByName.has(name.toLowerCase())) {
        return this.index(name).definition.name;
      }
    }
    const schemas = getProperty(resource, 'schemas');
    if (Array.isArray(schemas)) {
      for (const urn of schemas) {
        const index = typeof urn === 'string' ? this.resourceTypeBySchema.get(urn.toLowerCase()) : undefined;
        if (index) return index.definition.name;
      }
    }
    throw new Error('The resource names no registered resource type in meta.resourceType or schemas');
  }

  /**
   * Resolves a parsed attribute path against a resource type: an attribute (with its sub-attribute), a whole
   * extension, or undefined when nothing matches.
   */
  resolve(resourceType: string, path: AttributePath): ResolvedPath | undefined {
    const index = this.index(resourceType);
    if (path.uri !== undefined) {
      const uri = path.uri.toLowerCase();
      if (uri === index.core.id.toLowerCase()) {
        const attribute = index.coreAttributes.get(path.name.toLowerCase());
        return attribute && this.withSubAttribute(index.core.id, false, attribute, path.subAttr);
      }
      const extension = index.extensionByUrn.get(uri);
      if (extension) {
        const attribute = index.extensionAttributes.get(uri)?.get(path.name.toLowerCase());
        return attribute && this.withSubAttribute(extension.id, true, attribute, path.subAttr);
      }
      // `urn:…:enterprise:2.0:User` parses as URI `urn:…:enterprise:2.0` and name `User`.
      const whole = index.extensionByUrn.get(`${uri}:${path.name.toLowerCase()}`);
      if (whole && path.subAttr === undefined) return { kind: 'extension', schema: whole.id, path: whole.id };
      return undefined;
    }
    const core = index.coreAttributes.get(path.name.toLowerCase());
    if (core) return this.withSubAttribute(index.core.id, false, core, path.subAttr);
    const fromExtension = index.unqualified.get(path.name.toLowerCase());
    return (
      fromExtension &&
      this.withSubAttribute(fromExtension.schema.id, true, fromExtension.attribute, path.subAttr)
    );
  }

  /** Like `resolve`, but undefined for a whole-extension path. */
  resolveAttribute(resourceType: string, path: AttributePath): ResolvedAttribute | undefined {
    const resolved = this.resolve(resourceType, path);
    return resolved?.kind === 'attribute' ? resolved : undefined;
  }

  /**
   * Resolves a path written as text (`name.givenName`, `urn:…:User:department`, or an extension URN), with a
   * small cache because the same few keys arrive on every request. Undefined when the text is not a valid
   * path or names nothing.
   */
  resolveText(resourceType: string, text: string): ResolvedPath | undefined {
    const index = this.index(resourceType);
    const cached = index.resolvedStrings.get(text);
    if (cached !== undefined) return cached ?? undefined;
    let resolved: ResolvedPath | undefined;
    const extension = index.extensionByUrn.get(text.toLowerCase());
    if (extension) {
      resolved = { kind: 'extension', schema: extension.id, path: extension.id };
    } else {
      try {
        resolved = this.resolve(resourceType, parseAttributePath(text));
      } catch (error) {
        if (!ScimError.is(error)) throw error;
        resolved = undefined;
      }
    }
    if (index.resolvedStrings.size < STRING_CACHE_LIMIT) index.resolvedStrings.set(text, resolved ?? null);
    return resolved;
  }

  private withSubAttribute(
    schema: string,
    extension: boolean,
    attribute: AttributeDefinition,
    subAttr: string | undefined,
  ): ResolvedAttribute | undefined {
    const prefix = extension ? `${schema}:` : '';
    if (subAttr === undefined) {
      return { kind: 'attribute', schema, extension, attribute, path: `${prefix}${attribute.name}` };
    }
    const subAttribute = findSubAttribute(attribute, subAttr);
    if (!subAttribute) return undefined;
    return {
      kind: 'attribute',
      schema,
      extension,
      attribute,
      subAttribute,
      path: `${prefix}${attribute.name}.${subAttribute.name}`,
    };
  }

  private index(resourceType: string): ResourceTypeIndex {
    const index = this.resourceTypesByName.get(resourceType.toLowerCase());
    if (!index) throw new Error(`Unknown resource type "${resourceType}"`);
    return index;
  }

  private requireSchema(id: string, resourceType: string): SchemaDefinition {
    const schema = this.schemasById.get(id.toLowerCase());
    if (!schema) throw new Error(`Resource type "${resourceType}" refers to the unknown schema "${id}"`);
    return schema;
  }
}
