/** Says that the list refreshes by itself, and when it last did. */
export function LiveIndicator({ seconds }: { seconds: number }) {
  return (
    <span className="live-indicator">
      <span className="pulse" aria-hidden="true" />
      Live · refreshes every {seconds} s
    </span>
  );
}
