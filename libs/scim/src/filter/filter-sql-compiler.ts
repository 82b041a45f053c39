import { AttributeType } from '../schema/attribute-definition';
import { parseDateTime } from '../schema/date-time';
import { ResolvedAttribute, SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { AttributePath, CompareFilter, CompareOperator, FilterNode, PresentFilter } from './filter-ast';
import { coerceComparisonValue } from './filter-comparison';
import { printAttributePath } from './filter-printer';

/** How one scalar value is typed and compared. */
export interface SqlScalarType {
  /** The SCIM type of the value; `complex` only supports `pr`. */
  readonly type: AttributeType;
  /** False: string comparisons are case-insensitive (`lower()` on both sides). */
  readonly caseExact: boolean;
}

/** A typed SQL column or expression, NULL when unassigned. */
export interface SqlColumnAttribute extends SqlScalarType {
  readonly kind: 'column';
  /** Trusted SQL from the storage layer, e.g. `u.user_name_lower`. */
  readonly sql: string;
  /** The column already holds `lower(value)`, so only the parameter is lowered. */
  readonly lowered?: boolean;
}

/** A jsonb expression yielding the JSON value (SQL NULL when absent), e.g. `u.attributes #> '{name,givenName}'`. */
export interface SqlJsonbAttribute extends SqlScalarType {
  readonly kind: 'jsonb';
  readonly sql: string;
}

/** A key of a jsonb array element (`e.v -> 'type'`); without `key`, the element itself. */
export interface SqlElementField extends SqlScalarType {
  readonly kind: 'field';
  readonly key?: string;
}

/**
 * A multi-valued attribute, compiled to `EXISTS (SELECT 1 FROM <elements> WHERE …)`. Its elements come either
 * from a jsonb array (`arraySql`) or from a row source (`from`, correlated by `where`), such as a membership
 * table.
 */
export interface SqlMultiValuedAttribute {
  readonly kind: 'multi';
  /** A jsonb array expression, e.g. `u.attributes -> 'emails'`. */
  readonly arraySql?: string;
  /** A FROM item, e.g. `directory.group_members m`; used when `arraySql` is absent. */
  readonly from?: string;
  /** The correlation condition for `from`, e.g. `m.group_id = g.id`. */
  readonly where?: string;
  /** The fields of one element by sub-attribute name (matched case-insensitively). */
  readonly subAttributes?: Readonly<Record<string, SqlColumnAttribute | SqlJsonbAttribute | SqlElementField>>;
  /** For simple multi-valued attributes (elements are scalars): their type. Only with `arraySql`. */
  readonly element?: SqlScalarType;
}

/** How the storage layer keeps one attribute. */
export type SqlAttribute = SqlColumnAttribute | SqlJsonbAttribute | SqlMultiValuedAttribute;

/**
 * Supplied by the storage layer: how an attribute path (as written by the client) is stored, or undefined for
 * an attribute that cannot be filtered on. Only its answers ever become SQL identifiers.
 */
export type SqlAttributeResolver = (path: AttributePath) => SqlAttribute | undefined;

/** Options of `compileFilterToSql`. */
export interface SqlCompileOptions {
  /** Number of parameters the surrounding query already uses: the first placeholder is `$<paramOffset + 1>`. */
  readonly paramOffset?: number;
  /**
   * Attributes for which this holds are compiled as if no resource had a value for them, instead of refused: the
   * attributes a resource type does not define, in a search across resource types (RFC 7644 §3.4.2.1: "treat the
   * attribute as if there is no attribute value"). `pr` and comparisons are false, `ne` and `eq null` true.
   */
  readonly absent?: (path: AttributePath) => boolean;
}

/** A SQL condition and its parameters. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

type Scalar = {
  readonly kind: 'column' | 'jsonb';
  readonly sql: string;
  readonly lowered?: boolean;
} & SqlScalarType;

interface ElementScope {
  readonly attribute: SqlMultiValuedAttribute;
  readonly alias: string;
  readonly path: string;
}

/** Escapes LIKE wildcards; the compiled SQL declares `ESCAPE '\'`. */
export function escapeLike(value: string): string {
  let escaped = '';
  for (const char of value) {
    escaped += char === '\\' || char === '%' || char === '_' ? `\\${char}` : char;
  }
  return escaped;
}

/** A SQL string literal. */
export function sqlLiteral(value: string): string {
  return `'${value.split("'").join("''")}'`;
}

/** A jsonb path operand for `#>`: `'{"name","givenName"}'`. */
export function jsonbPathLiteral(keys: readonly string[]): string {
  const elements = keys.map((key) => `"${key.split('\\').join('\\\\').split('"').join('\\"')}"`);
  return sqlLiteral(`{${elements.join(',')}}`);
}

const STRING_TYPES: ReadonlySet<AttributeType> = new Set(['string', 'reference', 'binary']);

/** An attribute no resource has a value for (see SqlCompileOptions.absent). */
const ABSENT = Symbol('absent');

class SqlFilterCompiler {
  readonly params: unknown[] = [];
  private aliases = 0;

  constructor(
    private readonly resolver: SqlAttributeResolver,
    private readonly paramOffset: number,
    private readonly absent: (path: AttributePath) => boolean = () => false,
  ) {}

  compile(node: FilterNode, scope: ElementScope | undefined): string {
    switch (node.kind) {
      case 'and':
        return `(${this.compile(node.left, scope)} AND ${this.compile(node.right, scope)})`;
      case 'or':
        return `(${this.compile(node.left, scope)} OR ${this.compile(node.right, scope)})`;
      case 'not':
        // SQL NOT keeps NULL as NULL; a missing attribute must make `not (…)` true, as in the evaluator.
        return `(NOT COALESCE(${this.compile(node.filter, scope)}, false))`;
      case 'compare':
      case 'present':
        return this.compileAttributeExpression(node, scope);
      case 'valuePath':
        return this.compileValuePath(node.path, node.filter, scope);
    }
  }

  private compileAttributeExpression(
    node: CompareFilter | PresentFilter,
    scope: ElementScope | undefined,
  ): string {
    if (scope) {
      return this.compileOnScalar(
        node,
        this.elementField(node.path, scope),
        `${scope.path}.${node.path.name}`,
      );
    }
    const written = printAttributePath(node.path);
    const attribute = this.resolve(node.path);
    if (attribute === ABSENT) {
      if (node.kind === 'present') return 'false';
      return (node.op === 'eq' && node.value === null) || (node.op === 'ne' && node.value !== null)
        ? 'true'
        : 'false';
    }
    if (attribute.kind !== 'multi') {
      if (attribute.type === 'complex' && node.kind === 'compare' && node.path.subAttr === undefined) {
        // As in the evaluator, a complex attribute compared without a sub-attribute compares its `value`.
        const value = this.resolver({ ...node.path, subAttr: 'value' });
        if (value && value.kind !== 'multi') return this.compileOnScalar(node, value, `${written}.value`);
      }
      return this.compileOnScalar(node, attribute, written);
    }
    if (node.kind === 'present' && node.path.subAttr === undefined) return this.exists(attribute, undefined);
    const subName = node.path.subAttr ?? 'value';
    const { subAttr: _subAttr, ...parent } = node.path;
    const element = this.openElement(attribute, printAttributePath(parent));
    const field =
      attribute.element && node.path.subAttr === undefined
        ? this.elementScalar(element, { kind: 'field', ...attribute.element })
        : this.elementField({ name: subName }, element);
    const path = node.path.subAttr === undefined ? `${written}.value` : written;
    if (node.kind === 'compare' && node.value === null) {
      // `eq null` holds when no element has the field; `ne null` when one has.
      const present = this.exists(attribute, this.present(field), element.alias);
      return node.op === 'eq' ? `(NOT ${present})` : present;
    }
    return this.exists(attribute, this.compileOnScalar(node, field, path), element.alias);
  }

  private compileValuePath(path: AttributePath, filter: FilterNode, scope: ElementScope | undefined): string {
    const written = printAttributePath(path);
    if (scope) throw ScimError.invalidFilter('Value filters cannot be nested');
    if (path.subAttr !== undefined) {
      throw ScimError.invalidFilter(
        `A value filter must follow an attribute, not the sub-attribute ${written}`,
      );
    }
    const attribute = this.resolve(path);
    if (attribute === ABSENT) return 'false';
    if (attribute.kind === 'multi') {
      const element = this.openElement(attribute, written);
      return this.exists(attribute, this.compile(filter, element), element.alias);
    }
    // A single-valued complex attribute: `name[givenName eq "x"]` is `name.givenName eq "x"`.
    return this.compile(qualify(filter, path), undefined);
  }

  private compileOnScalar(node: CompareFilter | PresentFilter, scalar: Scalar, path: string): string {
    if (node.kind === 'present') return this.present(scalar);
    const value = coerceComparisonValue(path, scalar.type, node.op, node.value);
    if (value === null) return node.op === 'eq' ? `(NOT ${this.present(scalar)})` : this.present(scalar);
    const { type } = scalar;
    if (type === 'boolean') return this.compareBoolean(scalar, node.op, value as boolean);
    if (type === 'integer' || type === 'decimal') return this.compareNumber(scalar, node.op, value as number);
    if (type === 'dateTime') return this.compareDateTime(scalar, node.op, value as string);
    return this.compareString(scalar, node.op, value as string);
  }

  private compareString(scalar: Scalar, op: CompareOperator, value: string): string {
    const text = scalar.kind === 'jsonb' ? `(${scalar.sql} #>> '{}')` : scalar.sql;
    const insensitive = !scalar.caseExact;
    const left = insensitive && !scalar.lowered ? `lower(${text})` : text;
    const parameter = (raw: string): string => {
      const placeholder = `${this.param(raw)}::text`;
      return insensitive ? `lower(${placeholder})` : placeholder;
    };
    switch (op) {
      case 'eq':
        return `${left} = ${parameter(value)}`;
      case 'ne':
        return `${left} IS DISTINCT FROM ${parameter(value)}`;
      case 'co':
        return `${left} LIKE ${parameter(`%${escapeLike(value)}%`)} ESCAPE '\\'`;
      case 'sw':
        return `${left} LIKE ${parameter(`${escapeLike(value)}%`)} ESCAPE '\\'`;
      case 'ew':
        return `${left} LIKE ${parameter(`%${escapeLike(value)}`)} ESCAPE '\\'`;
      default:
        // Byte order, as the in-memory evaluator compares, whatever the database's collation.
        return `${left} COLLATE "C" ${sqlOperator(op)} ${parameter(value)}`;
    }
  }

  private compareBoolean(scalar: Scalar, op: CompareOperator, value: boolean): string {
    const right =
      scalar.kind === 'jsonb' ? `to_jsonb(${this.param(value)}::boolean)` : `${this.param(value)}::boolean`;
    return op === 'eq' ? `${scalar.sql} = ${right}` : `${scalar.sql} IS DISTINCT FROM ${right}`;
  }

  private compareNumber(scalar: Scalar, op: CompareOperator, value: number): string {
    const left =
      scalar.kind === 'jsonb'
        ? `(CASE WHEN jsonb_typeof(${scalar.sql}) = 'number' THEN (${scalar.sql})::numeric END)`
        : scalar.sql;
    const right = `${this.param(value)}::numeric`;
    return op === 'ne' ? `${left} IS DISTINCT FROM ${right}` : `${left} ${sqlOperator(op)} ${right}`;
  }

  private compareDateTime(scalar: Scalar, op: CompareOperator, value: string): string {
    const left =
      scalar.kind === 'jsonb'
        ? `(CASE WHEN jsonb_typeof(${scalar.sql}) = 'string' THEN (${scalar.sql} #>> '{}')::timestamptz END)`
        : scalar.sql;
    // An offset-less dateTime means UTC here as in the evaluator, whatever the session time zone.
    const instant = new Date(parseDateTime(value) as number).toISOString();
    const right = `${this.param(instant)}::timestamptz`;
    return op === 'ne' ? `${left} IS DISTINCT FROM ${right}` : `${left} ${sqlOperator(op)} ${right}`;
  }

  private present(scalar: Scalar): string {
    if (scalar.kind === 'jsonb') {
      return `(${scalar.sql} IS NOT NULL AND ${scalar.sql} NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb))`;
    }
    if (STRING_TYPES.has(scalar.type)) return `(${scalar.sql} IS NOT NULL AND ${scalar.sql} <> '')`;
    return `${scalar.sql} IS NOT NULL`;
  }

  private exists(attribute: SqlMultiValuedAttribute, condition: string | undefined, alias?: string): string {
    const source = this.source(attribute, alias ?? this.nextAlias());
    const conditions = [attribute.arraySql === undefined ? attribute.where : undefined, condition].filter(
      (part): part is string => part !== undefined,
    );
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    return `EXISTS (SELECT 1 FROM ${source}${where})`;
  }

  private source(attribute: SqlMultiValuedAttribute, alias: string): string {
    if (attribute.arraySql !== undefined) {
      const array = attribute.arraySql;
      return `jsonb_array_elements(CASE WHEN jsonb_typeof(${array}) = 'array' THEN ${array} END) AS ${alias}(v)`;
    }
    if (attribute.from === undefined) throw new Error('A multi-valued SQL attribute needs arraySql or from');
    return attribute.from;
  }

  private openElement(attribute: SqlMultiValuedAttribute, path: string): ElementScope {
    return { attribute, alias: attribute.arraySql !== undefined ? this.nextAlias() : '', path };
  }

  private elementField(path: AttributePath, scope: ElementScope): Scalar {
    if (path.uri !== undefined || path.subAttr !== undefined) {
      throw ScimError.invalidFilter(`Inside ${scope.path}[…], name a sub-attribute of ${scope.path}`);
    }
    const { attribute } = scope;
    if (attribute.element !== undefined && attribute.subAttributes === undefined) {
      if (path.name.toLowerCase() !== 'value') {
        throw ScimError.invalidFilter(`${scope.path} has simple values: compare "value", not "${path.name}"`);
      }
      return this.elementScalar(scope, { kind: 'field', ...attribute.element });
    }
    const lower = path.name.toLowerCase();
    const entry = Object.entries(attribute.subAttributes ?? {}).find(
      ([name]) => name.toLowerCase() === lower,
    );
    if (!entry) throw ScimError.invalidFilter(`Unknown attribute "${path.name}" in ${scope.path}[…]`);
    const [name, field] = entry;
    return field.kind === 'field' ? this.elementScalar(scope, { ...field, key: field.key ?? name }) : field;
  }

  private elementScalar(scope: ElementScope, field: SqlElementField): Scalar {
    if (scope.attribute.arraySql === undefined) {
      throw new Error(`Element fields of ${scope.path} need arraySql; give columns for a row source`);
    }
    const sql = field.key === undefined ? `${scope.alias}.v` : `${scope.alias}.v -> ${sqlLiteral(field.key)}`;
    return { kind: 'jsonb', sql, type: field.type, caseExact: field.caseExact };
  }

  /** How `path` is stored; ABSENT for an attribute the resolver does not know and `absent` says no resource has. */
  private resolve(path: AttributePath): SqlAttribute | typeof ABSENT {
    const attribute = this.resolver(path);
    if (!attribute && this.absent(path)) return ABSENT;
    if (!attribute) {
      throw ScimError.invalidFilter(`Unknown attribute "${printAttributePath(path)}" in filter`);
    }
    return attribute;
  }

  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.paramOffset + this.params.length}`;
  }

  private nextAlias(): string {
    this.aliases++;
    return `e${this.aliases}`;
  }
}

function sqlOperator(op: CompareOperator): string {
  switch (op) {
    case 'gt':
      return '>';
    case 'ge':
      return '>=';
    case 'lt':
      return '<';
    case 'le':
      return '<=';
    default:
      return '=';
  }
}

/** Prefixes the paths of a value filter with their parent: `name[givenName eq "x"]` → `name.givenName eq "x"`. */
function qualify(filter: FilterNode, parent: AttributePath): FilterNode {
  const withParent = (path: AttributePath): AttributePath => {
    if (path.uri !== undefined || path.subAttr !== undefined) {
      throw ScimError.invalidFilter(`Inside ${printAttributePath(parent)}[…], name a sub-attribute`);
    }
    return parent.uri === undefined
      ? { name: parent.name, subAttr: path.name }
      : { uri: parent.uri, name: parent.name, subAttr: path.name };
  };
  switch (filter.kind) {
    case 'compare':
    case 'present':
      return { ...filter, path: withParent(filter.path) };
    case 'and':
    case 'or':
      return { kind: filter.kind, left: qualify(filter.left, parent), right: qualify(filter.right, parent) };
    case 'not':
      return { kind: 'not', filter: qualify(filter.filter, parent) };
    case 'valuePath':
      throw ScimError.invalidFilter('Value filters cannot be nested');
  }
}

/**
 * Compiles a filter AST to a Postgres condition with `$n` placeholders. Every value travels as a parameter;
 * identifiers come only from the resolver. Semantics match `compileFilter`: case-insensitive comparisons
 * through `lower()`, LIKE wildcards escaped, `ne` and `not` true for unassigned attributes, multi-valued
 * attributes and value paths as `EXISTS` over their elements.
 *
 * @throws ScimError 400 invalidFilter for attributes the resolver does not know and comparisons their type
 *   forbids.
 */
export function compileFilterToSql(
  filter: FilterNode,
  resolver: SqlAttributeResolver,
  options: SqlCompileOptions = {},
): SqlFragment {
  const compiler = new SqlFilterCompiler(resolver, options.paramOffset ?? 0, options.absent);
  const sql = compiler.compile(filter, undefined);
  return { sql, params: compiler.params };
}

/**
 * A resolver that resolves paths against the schema first (case-insensitive names, URN prefixes, unqualified
 * extension attributes) and asks `map` only about canonical attributes. `map` returns undefined for
 * attributes that cannot be filtered on.
 */
export function schemaSqlResolver(
  schemaSet: SchemaSet,
  resourceType: string,
  map: (attribute: ResolvedAttribute) => SqlAttribute | undefined,
): SqlAttributeResolver {
  return (path) => {
    const resolved = schemaSet.resolveAttribute(resourceType, path);
    return resolved && map(resolved);
  };
}

/**
 * The mapping of an attribute stored in a jsonb document (`documentSql`, e.g. `u.attributes`) in the
 * canonical shape this library produces: extensions under their URN key, multi-valued attributes as arrays.
 */
export function jsonbAttribute(attribute: ResolvedAttribute, documentSql: string): SqlAttribute {
  const keys = attribute.extension
    ? [attribute.schema, attribute.attribute.name]
    : [attribute.attribute.name];
  const { attribute: definition, subAttribute } = attribute;
  if (definition.multiValued) {
    const arraySql = `(${documentSql} #> ${jsonbPathLiteral(keys)})`;
    if (definition.type !== 'complex') {
      return { kind: 'multi', arraySql, element: { type: definition.type, caseExact: definition.caseExact } };
    }
    const subAttributes: Record<string, SqlElementField> = {};
    for (const sub of definition.subAttributes ?? []) {
      subAttributes[sub.name] = { kind: 'field', key: sub.name, type: sub.type, caseExact: sub.caseExact };
    }
    return { kind: 'multi', arraySql, subAttributes };
  }
  const leaf = subAttribute ?? definition;
  const path = subAttribute ? [...keys, subAttribute.name] : keys;
  return {
    kind: 'jsonb',
    sql: `(${documentSql} #> ${jsonbPathLiteral(path)})`,
    type: leaf.type,
    caseExact: leaf.caseExact,
  };
}
