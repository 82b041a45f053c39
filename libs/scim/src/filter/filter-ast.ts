/**
 * An attribute path as written (RFC 7644 §3.10): an optional schema URN, an attribute name and an optional
 * sub-attribute. Names keep the client's spelling; resolution against a schema is case-insensitive.
 */
export interface AttributePath {
  /** The schema URN prefix, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
  readonly uri?: string;
  readonly name: string;
  readonly subAttr?: string;
}

/** Comparison operators of RFC 7644 §3.4.2.2 (Table 3); always lowercase in the AST. */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A comparison value: JSON false, null, true, number or string. */
export type CompareValue = string | number | boolean | null;

/** `attrPath op value`. */
export interface CompareFilter {
  readonly kind: 'compare';
  readonly path: AttributePath;
  readonly op: CompareOperator;
  readonly value: CompareValue;
}

/** `attrPath pr`. */
export interface PresentFilter {
  readonly kind: 'present';
  readonly path: AttributePath;
}

/** `left and right` / `left or right`. */
export interface LogicalFilter {
  readonly kind: 'and' | 'or';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

/** `not (filter)`. */
export interface NotFilter {
  readonly kind: 'not';
  readonly filter: FilterNode;
}

/**
 * `attrPath[valFilter]`: some value of the (multi-valued, complex) attribute matches `filter`, whose paths
 * name sub-attributes of that attribute.
 */
export interface ValuePathFilter {
  readonly kind: 'valuePath';
  readonly path: AttributePath;
  readonly filter: FilterNode;
}

/** A parsed SCIM filter. Parentheses are not kept: the tree shape carries the grouping. */
export type FilterNode = CompareFilter | PresentFilter | LogicalFilter | NotFilter | ValuePathFilter;

/**
 * A PATCH path (RFC 7644 §3.5.2: `attrPath / valuePath [subAttr]`). When `filter` is present, the attribute
 * carries no `subAttr` of its own and the sub-attribute after `]` is in `subAttr`.
 */
export interface PatchPath {
  readonly attribute: AttributePath;
  readonly filter?: FilterNode;
  readonly subAttr?: string;
}
