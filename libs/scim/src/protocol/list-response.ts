import { ScimSchemaUrns } from '../schema/schema-urns';

/** A ListResponse message (RFC 7644 §3.4.2). */
export interface ListResponse<T> {
  readonly schemas: readonly [typeof ScimSchemaUrns.listResponse];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly Resources: readonly T[];
}

/**
 * Builds a ListResponse: `totalResults` matching in all, this page starting at the 1-based `startIndex`,
 * `itemsPerPage` the number of resources actually returned.
 */
export function listResponse<T>(
  resources: readonly T[],
  totalResults: number,
  startIndex = 1,
): ListResponse<T> {
  return {
    schemas: [ScimSchemaUrns.listResponse],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
