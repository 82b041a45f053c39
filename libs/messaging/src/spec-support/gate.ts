/** A promise opened from outside: handlers in specs wait on it to be held in flight. */
export class Gate {
  readonly opened: Promise<void>;
  private release!: () => void;

  constructor() {
    this.opened = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }
}
