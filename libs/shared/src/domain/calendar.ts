// Whether the date an ISO 8601 text starts with (YYYY-MM-DD) is a day of the calendar:
// `new Date('2026-02-30T00:00:00Z')` silently reads March 2nd, so a pattern check alone lets
// a day that does not exist through.
export function calendarDayExists(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
