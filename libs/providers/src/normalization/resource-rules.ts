import { equalsIgnoreCase, findKey, type JsonObject } from './json';
import type { NormalizationContext } from './normalization-context';
import { ENTRA_ADSCIM_SCHEMA_PREFIX, ScimUrns } from './scim-schema';
import {
  dropNullMemberRefs,
  fixUserStringBooleans,
  stripPassword,
  wrapSingleObjectMultiValued,
} from './user-attributes';

/** Normalizes the body of a POST or PUT on /Users or /Groups in place. */
export function normalizeResourceBody(resource: JsonObject, context: NormalizationContext): void {
  mapScim11Urns(resource, context);
  dropEntraAdscimSchemas(resource, context);
  if (context.resourceType === 'User') {
    stripPassword(resource, [], context);
    dropEmptyReadOnlyGroups(resource, context);
    wrapSingleObjectMultiValued(resource, [], context);
    fixUserStringBooleans(resource, [], context);
    if (context.method === 'PUT') preserveNullEmails(resource, context);
  } else if (context.resourceType === 'Group') {
    const membersKey = findKey(resource, 'members');
    if (membersKey !== undefined) dropNullMemberRefs(resource[membersKey], [membersKey], context);
  }
}

function mapScim11Urns(resource: JsonObject, context: NormalizationContext): void {
  const schemasKey = findKey(resource, 'schemas');
  const schemas = schemasKey === undefined ? undefined : resource[schemasKey];
  if (schemasKey !== undefined && Array.isArray(schemas)) {
    const coreUrn = context.resourceType === 'Group' ? ScimUrns.coreGroup : ScimUrns.coreUser;
    const mapped = schemas.map((schema: unknown) => {
      if (typeof schema !== 'string') return schema;
      if (equalsIgnoreCase(schema, ScimUrns.scim11Core)) return coreUrn;
      if (equalsIgnoreCase(schema, ScimUrns.scim11Enterprise)) return ScimUrns.enterpriseUser;
      return schema;
    });
    const deduplicated = mapped.filter(
      (schema, index) =>
        typeof schema !== 'string' ||
        mapped.findIndex((other) => typeof other === 'string' && equalsIgnoreCase(other, schema)) === index,
    );
    if (mapped.some((schema, index) => schema !== schemas[index])) {
      resource[schemasKey] = deduplicated;
      context.note('scim11-urn', [schemasKey], 'SCIM 1.1 schema URNs mapped to SCIM 2.0');
    }
  }
  const legacyExtensionKey = findKey(resource, ScimUrns.scim11Enterprise);
  if (legacyExtensionKey !== undefined && findKey(resource, ScimUrns.enterpriseUser) === undefined) {
    resource[ScimUrns.enterpriseUser] = resource[legacyExtensionKey];
    delete resource[legacyExtensionKey];
    context.note(
      'scim11-urn',
      [legacyExtensionKey],
      'SCIM 1.1 enterprise extension moved to its SCIM 2.0 URN',
    );
  }
}

function dropEntraAdscimSchemas(resource: JsonObject, context: NormalizationContext): void {
  const schemasKey = findKey(resource, 'schemas');
  if (schemasKey === undefined) return;
  const schemas = resource[schemasKey];
  if (!Array.isArray(schemas)) return;
  // Only a bare URN is dropped: one with attributes in the body is an extension for the validator to judge.
  const isBareAdscim = (schema: unknown): boolean =>
    typeof schema === 'string' &&
    schema.toLowerCase().startsWith(ENTRA_ADSCIM_SCHEMA_PREFIX.toLowerCase()) &&
    findKey(resource, schema) === undefined;
  if (!schemas.some(isBareAdscim)) return;
  resource[schemasKey] = schemas.filter((schema) => !isBareAdscim(schema));
  context.note('entra-adscim-schema', [schemasKey], 'Microsoft ADSCIM schema URN without attributes removed');
}

function dropEmptyReadOnlyGroups(user: JsonObject, context: NormalizationContext): void {
  const groupsKey = findKey(user, 'groups');
  if (groupsKey === undefined) return;
  const groups = user[groupsKey];
  if (!Array.isArray(groups) || groups.length > 0) return;
  delete user[groupsKey];
  context.note('read-only-groups-dropped', [groupsKey], 'empty read-only groups list dropped');
}

function preserveNullEmails(user: JsonObject, context: NormalizationContext): void {
  const emailsKey = findKey(user, 'emails');
  if (emailsKey === undefined || user[emailsKey] !== null) return;
  if (context.preserve('emails')) {
    context.note(
      'emails-null-preserved',
      [emailsKey],
      '"emails": null keeps the stored emails (login email kept)',
    );
  }
}
