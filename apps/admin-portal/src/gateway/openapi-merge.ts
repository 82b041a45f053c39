import type { OpenAPIObject } from '@nestjs/swagger';

export interface ServiceDocument {
  service: string;
  /** null: the service did not answer; the merged document says so. */
  document: OpenAPIObject | null;
}

type Components = NonNullable<OpenAPIObject['components']>;

/**
 * One OpenAPI document for the public origin: the portal's own, plus the paths, components and tags of every
 * service behind it. A path operation or a component already present is kept (services share the error
 * schemas; the first definition wins), so merging is stable whatever the services answer.
 */
export function mergeOpenApiDocuments(base: OpenAPIObject, services: ServiceDocument[]): OpenAPIObject {
  const merged: OpenAPIObject = {
    ...base,
    paths: { ...base.paths },
    components: { ...base.components },
    tags: [...(base.tags ?? [])],
  };
  for (const { document } of services) {
    if (!document) continue;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      merged.paths[path] = { ...item, ...merged.paths[path] };
    }
    const components = merged.components as Components;
    for (const [section, entries] of Object.entries(document.components ?? {}) as [
      keyof Components,
      Record<string, unknown>,
    ][]) {
      components[section] = { ...(entries ?? {}), ...(components[section] ?? {}) } as never;
    }
    for (const tag of document.tags ?? []) {
      if (!merged.tags!.some((known) => known.name === tag.name)) merged.tags!.push(tag);
    }
  }
  const missing = services.filter((service) => !service.document).map((service) => service.service);
  if (missing.length > 0) {
    merged.info = {
      ...merged.info,
      description:
        `${merged.info.description ?? ''}\n\nNot included (the service did not answer): ${missing.join(', ')}.`.trim(),
    };
  }
  return merged;
}
