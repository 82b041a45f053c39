import type { QuirkCode } from './quirks';
import type { ScimResourceType } from './scim-request';

/** What a rule may read and report. Rules mutate the private copy of the body they are given. */
export interface NormalizationContext {
  readonly method: string;
  readonly resourceType: ScimResourceType;
  /** The id in the path (`/Groups/{id}`), or null on collection paths. */
  readonly resourceId: string | null;
  note(code: QuirkCode, location: readonly (string | number)[], message: string): void;
  /** Asks the PUT handler to keep the stored value of an attribute; returns false if already asked. */
  preserve(attribute: string): boolean;
}
