import type { EventType } from '@scimflow/contracts';
import type { ProviderId } from '../catalog/provider-id';

/** A JSON value as written in scenario data. Strings may contain `{{name}}` placeholders. */
export type ReplayJson =
  string | number | boolean | null | readonly ReplayJson[] | { readonly [key: string]: ReplayJson };

/** Stores a value of the response body under a name that later steps use as `{{name}}`. */
export interface ReplayCapture {
  /** Placeholder name, e.g. `users.ada`. */
  readonly as: string;
  /** Dotted path into the response body, e.g. `id` or `Resources.0.id`. The value must be a non-empty string. */
  readonly from: string;
}

/** What the SCIM response must look like. */
export interface ReplayResponseExpectation {
  /** Accepted status codes; a list where the notes allow several (PATCH: 200 with a body or 204). */
  readonly status: number | readonly number[];
  /**
   * Subset the body must contain: objects may have more keys; lists must have the same length and match
   * element by element in any order; other values must be equal.
   */
  readonly body?: ReplayJson;
  /** Dotted paths that must be missing, null or an empty list in the body (`password`, `addresses`). */
  readonly absent?: readonly string[];
  readonly capture?: ReplayCapture | readonly ReplayCapture[];
}

/** What the management API must show for a user after the step. */
export interface ReplayUserExpectation {
  /** The user's id, usually a placeholder such as `{{users.ada}}`. */
  readonly user: string;
  /** Defaults to true; false expects the user to be gone. */
  readonly exists?: boolean;
  readonly active?: boolean;
  readonly userName?: string;
  /** The exact set of email values. */
  readonly emails?: readonly string[];
}

/** What the management API must show for a group after the step. */
export interface ReplayGroupExpectation {
  readonly group: string;
  readonly exists?: boolean;
  readonly displayName?: string;
  readonly memberCount?: number;
  /** The exact set of member user ids (needs `memberIds` from the management API). */
  readonly members?: readonly string[];
}

export type ReplayStateExpectation = ReplayUserExpectation | ReplayGroupExpectation;

/** One expected event: its type, or its type and a subset of its payload or of its previous attributes. */
export type ReplayEventExpectation =
  | EventType
  | {
      readonly type: EventType;
      readonly data?: ReplayJson;
      /** Subset of the envelope's `previousAttributes`; `{}` only requires them to be present. */
      readonly previousAttributes?: ReplayJson;
    };

/** One request of a scenario and what must follow from it. */
export interface ReplayStep {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the SCIM base URL, starting with `/`; query strings are written already encoded. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: ReplayJson;
  readonly expect: ReplayResponseExpectation;
  readonly expectState?: readonly ReplayStateExpectation[];
  /**
   * The directory events this step must emit, in order (events of the same type are interchangeable).
   * Required on successful writes — `[]` states that no event may follow. GETs and rejected requests
   * must emit none, so for them it may be left out.
   */
  readonly expectEvents?: readonly ReplayEventExpectation[];
}

/** A recorded or documented request sequence of one provider, replayable against a SCIM endpoint. */
export interface ReplayScenario {
  /** `<provider>.<name>`, unique. */
  readonly id: string;
  readonly provider: ProviderId;
  readonly title: string;
  /** Where the sequence comes from (section of the protocol notes, vendor documentation) and how sure it is. */
  readonly source: string;
  /** Headers of every request, e.g. Okta's User-Agent. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Request content type; defaults to application/scim+json. */
  readonly contentType?: string;
  readonly steps: readonly ReplayStep[];
}
