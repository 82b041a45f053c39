import type { Projection, SchemaSet } from '@scimflow/scim';
import { etagFromVersion } from '@scimflow/scim';

function listParameter(params: Readonly<Record<string, unknown>>, name: string): string[] {
  const lower = name.toLowerCase();
  const names: string[] = [];
  for (const key in params) {
    if (key.toLowerCase() !== lower) continue;
    const value = params[key];
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (typeof part !== 'string') continue;
      for (const item of part.split(',')) if (item.trim() !== '') names.push(item.trim());
    }
  }
  return names;
}

/** `attributes` / `excludedAttributes` of a query or SearchRequest (names matched case-insensitively). */
export function projectionOf(params: Readonly<Record<string, unknown>>): Projection {
  return {
    attributes: listParameter(params, 'attributes'),
    excludedAttributes: listParameter(params, 'excludedAttributes'),
  };
}

/**
 * Whether a group's members will be shown: not when `excludedAttributes` names them, nor when `attributes`
 * lists others only. Loading members is the cost of a group read, so the gateway is told to skip them.
 */
export function membersWanted(projection: Projection, schemaSet: SchemaSet): boolean {
  const namesMembers = (name: string): boolean => {
    const resolved = schemaSet.resolveText('Group', name);
    return (
      resolved?.kind === 'attribute' &&
      resolved.attribute.name === 'members' &&
      resolved.subAttribute === undefined
    );
  };
  const touchesMembers = (name: string): boolean => {
    const resolved = schemaSet.resolveText('Group', name);
    return resolved?.kind === 'attribute' && resolved.attribute.name === 'members';
  };
  if ((projection.excludedAttributes ?? []).some(namesMembers)) return false;
  const attributes = projection.attributes ?? [];
  return attributes.length === 0 || attributes.some(touchesMembers);
}

/** The ETag of a resource: its `meta.version`, else one made from the stored version number. */
export function etagOf(resource: Readonly<Record<string, unknown>>, version?: number): string | undefined {
  const meta = resource['meta'];
  if (typeof meta === 'object' && meta !== null) {
    const metaVersion = (meta as Record<string, unknown>)['version'];
    if (typeof metaVersion === 'string' && metaVersion !== '') return metaVersion;
  }
  return version === undefined ? undefined : etagFromVersion(version);
}

/** The `meta.location` of a resource, if it has one. */
export function locationOf(resource: Readonly<Record<string, unknown>>): string | undefined {
  const meta = resource['meta'];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const location = (meta as Record<string, unknown>)['location'];
  return typeof location === 'string' ? location : undefined;
}
