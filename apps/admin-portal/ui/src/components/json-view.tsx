/** JSON, indented, in a scrollable box that the keyboard can reach. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  const text = value === undefined ? '—' : JSON.stringify(value, null, 2);
  return (
    <pre className="json-view" tabIndex={0} aria-label={label}>
      <code>{text}</code>
    </pre>
  );
}
