/** Injection token of role-mapping-service's TypeORM DataSource (schema `role_mapping`). */
export const ROLE_MAPPING_DATA_SOURCE = Symbol('ROLE_MAPPING_DATA_SOURCE');
/** Injection token of the RoleMappingOptions. */
export const ROLE_MAPPING_OPTIONS = Symbol('ROLE_MAPPING_OPTIONS');

/** The consumer group of role-mapping-service, and the consumer name of its inbox. */
export const ROLE_MAPPING_CONSUMER = 'role-mapping-service';

export interface RoleMappingOptions {
  /** Users recomputed per transaction by a recompute job (default 1000). */
  recomputeBatchSize: number;
  /** How often the recompute runner looks for unfinished jobs when nothing wakes it (default 5 000 ms). */
  recomputePollIntervalMs: number;
}
