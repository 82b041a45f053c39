import { Injectable } from '@nestjs/common';
import type { ScimPatchOperation } from '@scimflow/contracts';
import {
  applyPatch,
  replaceResource,
  SchemaSet,
  ScimError,
  validateResource,
  type ScimResource,
} from '@scimflow/scim';

type Json = Record<string, unknown>;

/** Attributes the server owns or never keeps: they are not part of what is stored in `attributes`. */
const NOT_STORED = new Set(['id', 'meta', 'password', 'groups', 'members']);

/**
 * directory-service's use of the SCIM core: validation, PUT replacement and PATCH against the stored
 * resource. Returns what is stored: the resource without id, meta, password and memberships.
 */
@Injectable()
export class ScimEngine {
  private readonly schemas = SchemaSet.standard();

  prepareUserForCreate(resource: Json): Json {
    return stored(validateResource(resource, 'User', this.schemas, 'create'));
  }

  replaceUser(current: Json, incoming: Json, preserveAttributes: readonly string[]): Json {
    const body = { ...incoming };
    for (const attribute of preserveAttributes) {
      const key = findKey(body, attribute);
      if ((key === undefined || body[key] === null) && current[attribute] !== undefined) {
        if (key !== undefined) delete body[key];
        body[attribute] = current[attribute];
      }
    }
    const { resource } = replaceResource(current as ScimResource, body, this.schemas, 'User');
    return stored(validateResource(resource, 'User', this.schemas, 'replace'));
  }

  patchUser(current: Json, operations: readonly ScimPatchOperation[]): Json {
    const { resource } = applyPatch(current as ScimResource, operations, this.schemas, {
      resourceType: 'User',
    });
    return stored(validateResource(resource, 'User', this.schemas, 'replace'));
  }

  prepareGroupForCreate(resource: Json): { attributes: Json; members: string[] | null } {
    const validated = validateResource(resource, 'Group', this.schemas, 'create');
    return { attributes: stored(validated), members: memberIds(validated) };
  }

  /** A PUT without `members` leaves the members as they are; `members: []` removes them all. */
  replaceGroup(current: Json, incoming: Json): { attributes: Json; members: string[] | null } {
    const { resource } = replaceResource(current as ScimResource, incoming, this.schemas, 'Group');
    const validated = validateResource(resource, 'Group', this.schemas, 'replace');
    return {
      attributes: stored(validated),
      members: findKey(incoming, 'members') === undefined ? null : (memberIds(validated) ?? []),
    };
  }

  patchGroup(
    current: Json,
    operations: readonly ScimPatchOperation[],
  ): { attributes: Json; members: string[] } {
    const { resource } = applyPatch(current as ScimResource, operations, this.schemas, {
      resourceType: 'Group',
    });
    const validated = validateResource(resource, 'Group', this.schemas, 'replace');
    return { attributes: stored(validated), members: memberIds(validated) ?? [] };
  }
}

function stored(resource: Json): Json {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !NOT_STORED.has(key)));
}

function findKey(object: Json, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

function memberIds(resource: Json): string[] | null {
  const members = resource['members'];
  if (members === undefined || members === null) return null;
  if (!Array.isArray(members)) throw ScimError.invalidValue('"members" must be an array');
  return members.map((member) => {
    const value = typeof member === 'object' && member !== null ? (member as Json)['value'] : undefined;
    if (typeof value !== 'string' || value.length === 0)
      throw ScimError.invalidValue('each member needs a "value"');
    return value;
  });
}
