// xsd:dateTime as SCIM uses it (RFC 7643 §2.3.5). Anchored, no nested quantifiers: linear time on any input.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Milliseconds since the epoch for an xsd:dateTime string, or undefined when it is not one. A value without
 * an offset is read as UTC, so that results never depend on the server's time zone.
 */
export function parseDateTime(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  const daysInMonth = new Date(Date.UTC(Number(year), monthNumber, 0)).getUTCDate();
  if (dayNumber > daysInMonth) return undefined;
  const milliseconds = Date.parse(
    `${year}-${month}-${day}T${hour}:${minute}:${second === '60' ? '59' : second}${fraction.slice(0, 4)}${zone ?? 'Z'}`,
  );
  return Number.isNaN(milliseconds) ? undefined : milliseconds;
}
