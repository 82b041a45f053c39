import { DirectoryActivatedV1Event } from './catalog/directory-activated-v1.event';
import { DirectoryDeletedV1Event } from './catalog/directory-deleted-v1.event';
import { DirectoryGroupCreatedV1Event } from './catalog/directory-group-created-v1.event';
import { DirectoryGroupDeletedV1Event } from './catalog/directory-group-deleted-v1.event';
import { DirectoryGroupUpdatedV1Event } from './catalog/directory-group-updated-v1.event';
import { DirectoryGroupUserAddedV1Event } from './catalog/directory-group-user-added-v1.event';
import { DirectoryGroupUserRemovedV1Event } from './catalog/directory-group-user-removed-v1.event';
import { DirectoryTokenRotatedV1Event } from './catalog/directory-token-rotated-v1.event';
import { DirectoryUserCreatedV1Event } from './catalog/directory-user-created-v1.event';
import { DirectoryUserDeactivatedV1Event } from './catalog/directory-user-deactivated-v1.event';
import { DirectoryUserDeletedV1Event } from './catalog/directory-user-deleted-v1.event';
import { DirectoryUserReactivatedV1Event } from './catalog/directory-user-reactivated-v1.event';
import { DirectoryUserRolesUpdatedV1Event } from './catalog/directory-user-roles-updated-v1.event';
import { DirectoryUserUpdatedV1Event } from './catalog/directory-user-updated-v1.event';
import {
  EXAMPLE_DIRECTORY_ID,
  EXAMPLE_EVENT_ID,
  EXAMPLE_OCCURRED_AT,
  EXAMPLE_ORGANIZATION_ID,
} from './catalog/catalog-examples';
import type { EventClass } from './event-class';
import type { EventEnvelope } from './event-envelope';
import { EVENT_TYPES, EVENT_VERSIONS, type EventType } from './event-types';
import { classJsonSchema, JSON_SCHEMA_DIALECT, type JsonSchema } from './schema/class-json-schema';
import { inEnvelopeOrder } from './schema/envelope-order';

/**
 * Every event class, by type, oldest version first. The mapped type makes a class listed under the wrong
 * type fail to compile; the catalog's spec checks that each type has a class for every version up to its
 * EVENT_VERSIONS entry.
 */
export const EVENT_CLASSES: {
  readonly [T in EventType]: readonly EventClass<EventEnvelope & { type: T }>[];
} = {
  'directory.activated': [DirectoryActivatedV1Event],
  'directory.token_rotated': [DirectoryTokenRotatedV1Event],
  'directory.deleted': [DirectoryDeletedV1Event],
  'directory.user.created': [DirectoryUserCreatedV1Event],
  'directory.user.updated': [DirectoryUserUpdatedV1Event],
  'directory.user.deactivated': [DirectoryUserDeactivatedV1Event],
  'directory.user.reactivated': [DirectoryUserReactivatedV1Event],
  'directory.user.deleted': [DirectoryUserDeletedV1Event],
  'directory.group.created': [DirectoryGroupCreatedV1Event],
  'directory.group.updated': [DirectoryGroupUpdatedV1Event],
  'directory.group.deleted': [DirectoryGroupDeletedV1Event],
  'directory.group.user_added': [DirectoryGroupUserAddedV1Event],
  'directory.group.user_removed': [DirectoryGroupUserRemovedV1Event],
  'directory.user.roles_updated': [DirectoryUserRolesUpdatedV1Event],
};

/** One version of an event type in the catalog. */
export interface EventCatalogVersion {
  version: number;
  description: string;
  /** The JSON Schema (draft 2020-12) of the whole envelope of this version, generated from its class. */
  schema: JsonSchema;
}

/** One event type of the catalog: what GET /api/v1/event-types serves and docs/events.md documents. */
export interface EventCatalogEntry {
  type: EventType;
  /** The version directory-service publishes now. */
  version: number;
  /** The description of the current version. */
  description: string;
  /** Every version still documented, oldest first. */
  versions: EventCatalogVersion[];
}

/** The class of one version of an event type, if the catalog has it. */
export function eventClassOf(type: EventType, version: number): EventClass | undefined {
  return (EVENT_CLASSES[type] as readonly EventClass[]).find(
    (candidate) => candidate.eventVersion === version,
  );
}

/** The example event of a class, as the events API would show it. */
export function exampleEvent(eventClass: EventClass): EventEnvelope {
  const { data, previousAttributes } = eventClass.example;
  return {
    id: EXAMPLE_EVENT_ID,
    type: eventClass.eventType,
    version: eventClass.eventVersion,
    sequence: 42,
    occurredAt: EXAMPLE_OCCURRED_AT,
    organizationId: EXAMPLE_ORGANIZATION_ID,
    directoryId: EXAMPLE_DIRECTORY_ID,
    data,
    ...(previousAttributes ? { previousAttributes } : {}),
  };
}

/** A stable identifier of the schema of one version of an event type. */
export function eventSchemaId(type: EventType, version: number): string {
  return `urn:scimflow:event:${type}:v${version}`;
}

const schemas = new Map<EventClass, JsonSchema>();

/** The JSON Schema (draft 2020-12) of an event class: the envelope, its data and the example event. */
export function eventJsonSchema(eventClass: EventClass): JsonSchema {
  let schema = schemas.get(eventClass);
  if (!schema) {
    const generated = classJsonSchema(eventClass);
    const { type, required, properties } = inEnvelopeOrder(generated.schema);
    schema = {
      $schema: JSON_SCHEMA_DIALECT,
      $id: eventSchemaId(eventClass.eventType, eventClass.eventVersion),
      title: `${eventClass.eventType} v${eventClass.eventVersion}`,
      description: eventClass.description,
      type,
      required,
      properties,
      $defs: generated.defs,
      examples: [exampleEvent(eventClass)],
    };
    // Served as is to every caller: nobody may change the one copy.
    deepFreeze(schema);
    schemas.set(eventClass, schema);
  }
  return schema;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** Every event type with its versions, descriptions and JSON Schemas, in catalog order. */
export function eventCatalog(): EventCatalogEntry[] {
  return EVENT_TYPES.map((type) => {
    const classes = EVENT_CLASSES[type] as readonly EventClass[];
    const current = eventClassOf(type, EVENT_VERSIONS[type]);
    if (!current) throw new Error(`the catalog has no class for ${type} v${EVENT_VERSIONS[type]}`);
    return {
      type,
      version: current.eventVersion,
      description: current.description,
      versions: classes.map((eventClass) => ({
        version: eventClass.eventVersion,
        description: eventClass.description,
        schema: eventJsonSchema(eventClass),
      })),
    };
  });
}
