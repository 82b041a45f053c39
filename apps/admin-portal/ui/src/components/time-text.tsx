import { formatDateTime, formatRelative } from '../format';

/** A moment shown relative ("2 minutes ago") with the full date as its tooltip and machine-readable value. */
export function TimeText({
  value,
  absolute = false,
}: {
  value: string | null | undefined;
  absolute?: boolean;
}) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {absolute ? formatDateTime(value) : formatRelative(value)}
    </time>
  );
}
