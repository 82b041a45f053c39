/** The right to relay one schema's outbox, held by one relay at a time. */
export interface RelayLeadership {
  readonly held: boolean;
  /** Takes the leadership if nobody holds it; true when this relay now holds it. */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}
