import {
  eventCatalog,
  eventEnvelopeJsonSchema,
  type EventCatalogEntry,
  type JsonSchema,
} from '@scimflow/contracts';

// Renders the generated parts of the event docs from the catalog in libs/contracts: one JSON Schema file per
// event type and version under docs/event-schemas/, and the catalog section of docs/events.md. Run
// `node tools/events/write-event-docs.mjs` to write them; its `--check` (and event-docs.spec.ts) fails when
// the committed files differ from what the classes generate.

export const EVENT_SCHEMAS_DIR = 'docs/event-schemas';
export const EVENTS_MARKDOWN = 'docs/events.md';
export const GENERATED_BEGIN =
  '<!-- BEGIN GENERATED: event catalog, from libs/contracts by `node tools/events/write-event-docs.mjs` -->';
export const GENERATED_END = '<!-- END GENERATED: event catalog -->';

/** The path of the schema file of one version of an event type, relative to the repository. */
export function eventSchemaPath(type: string, version: number): string {
  return `${EVENT_SCHEMAS_DIR}/${type}.v${version}.schema.json`;
}

/** Every generated schema file (unformatted JSON), by path relative to the repository. */
export function eventSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>([
    [`${EVENT_SCHEMAS_DIR}/event-envelope.schema.json`, json(eventEnvelopeJsonSchema())],
  ]);
  for (const entry of eventCatalog()) {
    for (const version of entry.versions) {
      files.set(eventSchemaPath(entry.type, version.version), json(version.schema));
    }
  }
  return files;
}

/** docs/events.md with its generated section replaced by the catalog as the classes describe it now. */
export function withGeneratedCatalog(markdown: string): string {
  const begin = markdown.indexOf(GENERATED_BEGIN);
  const end = markdown.indexOf(GENERATED_END);
  if (begin === -1 || end < begin) {
    throw new Error(`${EVENTS_MARKDOWN} must hold the markers ${GENERATED_BEGIN} and ${GENERATED_END}`);
  }
  return `${markdown.slice(0, begin)}${GENERATED_BEGIN}\n\n${catalogMarkdown()}\n${markdown.slice(end)}`;
}

/** The generated section of docs/events.md: the envelope's fields, every type, and the shared shapes. */
export function catalogMarkdown(): string {
  const catalog = eventCatalog();
  const current = catalog.map((entry) => currentSchema(entry));
  const shared = sharedShapes(current);
  const defs = Object.assign({}, ...current.map((schema) => schema.$defs ?? {})) as Record<
    string,
    JsonSchema
  >;
  const lines: string[] = [];

  lines.push('### Envelope fields', '');
  lines.push(...fieldsTable(envelopeRows(eventEnvelopeJsonSchema(), defs, shared)), '');

  lines.push('## Types', '');
  lines.push('| type | version | when |', '| --- | --- | --- |');
  for (const entry of catalog) {
    lines.push(
      `| [\`${entry.type}\`](#${anchor(typeHeading(entry))}) | ${entry.version} | ${cell(entry.description)} |`,
    );
  }
  lines.push('');

  for (const [index, entry] of catalog.entries()) {
    const schema = current[index]!;
    lines.push(`### ${typeHeading(entry)}`, '', entry.description, '');
    if (entry.versions.length > 1) {
      const others = entry.versions.filter((version) => version.version !== entry.version);
      lines.push(
        `Older versions still documented: ${others
          .map(
            (version) => `[v${version.version}](event-schemas/${entry.type}.v${version.version}.schema.json)`,
          )
          .join(', ')}.`,
        '',
      );
    }
    const own = Object.entries(schema.properties ?? {}).filter(([name]) => !ENVELOPE_SHARED.has(name));
    lines.push(...fieldsTable(rows(own, new Set(schema.required), '', schema.$defs ?? {}, shared)), '');
    lines.push(
      `Schema: [${entry.type}.v${entry.version}.schema.json](event-schemas/${entry.type}.v${entry.version}.schema.json)`,
      '',
    );
    lines.push('```json', JSON.stringify(schema.examples?.[0], null, 2), '```', '');
  }

  lines.push('## Shapes', '', 'The objects more than one event type carries.', '');
  for (const name of [...shared].sort(byShapeOrder(current))) {
    const shape = defs[name]!;
    lines.push(`### ${name}`, '');
    if (shape.description) lines.push(shape.description, '');
    const properties = Object.entries(shape.properties ?? {});
    lines.push(...fieldsTable(rows(properties, new Set(shape.required), '', defs, shared)), '');
  }
  return lines.join('\n');
}

/** The envelope fields every type shares: documented once, in the envelope table. */
const ENVELOPE_SHARED = new Set(['id', 'sequence', 'occurredAt', 'organizationId', 'directoryId']);

interface Row {
  field: string;
  type: string;
  required: boolean;
  description: string;
}

function currentSchema(entry: EventCatalogEntry): JsonSchema {
  return entry.versions.find((version) => version.version === entry.version)!.schema;
}

function typeHeading(entry: EventCatalogEntry): string {
  return `\`${entry.type}\` v${entry.version}`;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function envelopeRows(
  schema: JsonSchema,
  defs: Record<string, JsonSchema>,
  shared: ReadonlySet<string>,
): Row[] {
  // Listing every type in a cell would drown the table: the types have their own section.
  return rows(Object.entries(schema.properties ?? {}), new Set(schema.required), '', defs, shared).map(
    (row) => (row.field === 'type' ? { ...row, type: 'string: one of the [types](#types)' } : row),
  );
}

/**
 * Table rows for properties: a shape that several event types carry links to its own section; one that a
 * single type carries is expanded in place (`data.grants[].role`).
 */
function rows(
  properties: Array<[string, JsonSchema]>,
  required: ReadonlySet<string>,
  prefix: string,
  defs: Record<string, JsonSchema>,
  shared: ReadonlySet<string>,
): Row[] {
  return properties.flatMap(([name, property]) => {
    const field = `${prefix}${name}`;
    const row: Row = {
      field,
      type: typeLabel(property, shared),
      required: required.has(name),
      description: property.description ?? '',
    };
    const inner = innerShape(property);
    if (!inner || shared.has(inner.name)) return [row];
    const shape = defs[inner.name]!;
    const nested = rows(
      Object.entries(shape.properties ?? {}),
      new Set(shape.required),
      `${field}${inner.list ? '[]' : ''}.`,
      defs,
      shared,
    );
    return [row, ...nested];
  });
}

/** The shape a property holds (itself, in a list, or when not null), if any. */
function innerShape(property: JsonSchema): { name: string; list: boolean } | undefined {
  const ref = property.$ref ?? property.items?.$ref ?? property.anyOf?.find((option) => option.$ref)?.$ref;
  return ref ? { name: refName(ref), list: Boolean(property.items?.$ref) } : undefined;
}

function typeLabel(property: JsonSchema, shared: ReadonlySet<string>): string {
  if (property.$ref) return shapeLabel(refName(property.$ref), shared);
  if (property.const !== undefined) return `\`${JSON.stringify(property.const)}\``;
  if (property.anyOf) return property.anyOf.map((option) => typeLabel(option, shared)).join(' or ');
  if (property.enum) return `one of ${property.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
  const types = [property.type ?? 'any'].flat();
  return types
    .map((type) => {
      if (type === 'array') return `array of ${property.items ? typeLabel(property.items, shared) : 'any'}`;
      const format = type === 'string' && property.format ? ` (${property.format})` : '';
      const minimum = typeof property['minimum'] === 'number' ? ` ≥ ${property['minimum']}` : '';
      return `${type}${format}${minimum}`;
    })
    .join(' or ');
}

function shapeLabel(name: string, shared: ReadonlySet<string>): string {
  return shared.has(name) ? `[${name}](#${anchor(name)})` : 'object';
}

function refName(ref: string): string {
  return ref.replace('#/$defs/', '');
}

/** The shapes (schema `$defs`) that more than one event type carries. */
function sharedShapes(schemas: JsonSchema[]): Set<string> {
  const users = new Map<string, number>();
  for (const schema of schemas) {
    for (const name of Object.keys(schema.$defs ?? {})) users.set(name, (users.get(name) ?? 0) + 1);
  }
  return new Set([...users].filter(([, count]) => count > 1).map(([name]) => name));
}

/** Shapes in the order the catalog first uses them. */
function byShapeOrder(schemas: JsonSchema[]): (a: string, b: string) => number {
  const order = [...new Set(schemas.flatMap((schema) => Object.keys(schema.$defs ?? {})))];
  return (a, b) => order.indexOf(a) - order.indexOf(b);
}

function fieldsTable(tableRows: Row[]): string[] {
  return [
    '| field | type | required | description |',
    '| --- | --- | --- | --- |',
    ...tableRows.map(
      (row) =>
        `| \`${row.field}\` | ${cell(row.type)} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)} |`,
    ),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
