import { ValidationFailed } from '@shopsync/shared';

// The latest instant both databases store and JavaScript prints as ISO 8601 without a sign.
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function instant(field: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || at.getTime() < 0 || at.getTime() > LAST)
    throw new ValidationFailed([
      { field, message: 'must be an ISO 8601 time between 1970 and 9999' },
    ]);
  return at;
}

// `since`/`until` of a query or filter (already ISO 8601 by their DTO) as a half-open range.
export function timeRange(
  since: string | undefined,
  until: string | undefined,
): { since?: Date; until?: Date } {
  const range = { since: instant('since', since), until: instant('until', until) };
  if (range.since && range.until && range.since >= range.until)
    throw new ValidationFailed([{ field: 'until', message: 'must be after since' }]);
  return range;
}
