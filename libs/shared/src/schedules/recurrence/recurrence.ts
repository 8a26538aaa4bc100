// Recurrence: when a schedule fires.
//
// A recurrence is wall-clock times in an IANA time zone, in one of two forms:
// - cron: 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), read by
//   croner; `@daily`-style nicknames and 7-field (year) expressions are refused.
// - window: on the listed weekdays, from startTime, every N minutes (1..1440), up to endTime.
//   - endTime is inclusive: 08:00-18:00 every 60 fires at 08:00, 09:00, ..., 18:00.
//   - endTime before startTime: the window runs past midnight and ends the next day. The weekday
//     is the day the window starts: ['fri'] 22:00-02:00 every 60 fires Fri 22:00, 23:00,
//     Sat 00:00, 01:00, 02:00.
//   - endTime equal to startTime: the window is the whole 24 hours from startTime, and then its
//     end is exclusive (it is the next window's start): ['mon'] 00:00-00:00 every 60 fires 24
//     times, Mon 00:00 to Mon 23:00.
//   - The steps are wall-clock minutes counted from startTime: a 22:00-06:00 window fires at the
//     same wall-clock times on a DST night; the DST rule below maps them to instants.
//
// The DST rule, turning a wall-clock time into the instant it fires:
// - A time that occurs once fires then.
// - A time that does not exist (skipped when the clocks spring forward) fires at the first instant
//   after the gap, the moment the clocks jump: Europe/Amsterdam 2026-03-29 02:30 fires at
//   03:00+02:00 (01:00Z).
// - A time that occurs twice (repeated when the clocks fall back) fires once, at its first
//   instant: Europe/Amsterdam 2026-10-25 02:30 fires at 02:30+02:00 (00:30Z) only.
// - Exception for repeated times, cron only: an interval expression, one whose second, minute or
//   hour field holds `*`, `?` or a step `/` (`*/15 * * * *`, `0 * * * *`, `0 */2 * * *`), fires
//   at every real instant whose wall-clock reading matches, so in the repeated hour it fires on
//   both passes and keeps its real-time spacing (every 15 minutes stays every 15 minutes).
//   Expressions with only single values, lists and ranges in those fields (`30 2 * * *`,
//   `0 2,14 * * *`, `0 1-3 * * *`) and all windows follow the fires-once rule.
// - Occurrences that land on the same instant fire once (02:00, 02:15, 02:30, 02:45 and 03:00
//   on the spring-forward night are all 03:00): every sequence is strictly increasing.
//
// No drift: an occurrence depends only on the recurrence and the instant it must follow (the
// previous *scheduled* time), never on the current time or on when the last run ended.
import { DateTime } from 'luxon';

import { CronSchedule } from './cron-schedule';
import { InvalidRecurrence, type Recurrence } from './recurrence.types';
import { validateRecurrence } from './recurrence.validation';
import { WindowSchedule } from './window-schedule';

export {
  InvalidRecurrence,
  WEEKDAYS,
  type CronRecurrence,
  type Recurrence,
  type RecurrenceError,
  type RecurrenceValidation,
  type Weekday,
  type WindowRecurrence,
} from './recurrence.types';
export { validateRecurrence } from './recurrence.validation';

// A cap for occurrencesBetween, so a wide range of a dense recurrence cannot exhaust memory.
// A week of every-minute occurrences (10,080) is well within it.
export const DEFAULT_OCCURRENCE_LIMIT = 100_000;

interface OccurrenceSource {
  next(after: number): number | null;
}

// Compiled recurrences, keyed by their content (a cron's expression and zone, a window's
// fields): the scheduler asks about each due schedule's recurrence on every firing, and parsing
// and validating it each time would cost more than the rest of the plan. Least recently used
// first out, sized for a scheduler's active schedules all having recurrences of their own.
const compiled = new Map<string, OccurrenceSource>();
export const MAX_COMPILED_RECURRENCES = 20_000;
let maxCompiled = MAX_COMPILED_RECURRENCES;

// Tests only: a smaller cache, to watch what leaves it (compiling 20,000 takes seconds).
export function limitCompiledRecurrences(max = MAX_COMPILED_RECURRENCES): void {
  maxCompiled = max;
  while (compiled.size > maxCompiled) compiled.delete(compiled.keys().next().value as string);
}

function compile(recurrence: Recurrence): OccurrenceSource {
  const key = JSON.stringify(recurrence);
  const cached = compiled.get(key);
  if (cached !== undefined) {
    compiled.delete(key);
    compiled.set(key, cached);
    return cached;
  }
  const result = validateRecurrence(recurrence);
  if (!result.ok) throw new InvalidRecurrence(result.errors);
  const value = result.value;
  const source =
    value.kind === 'cron'
      ? new CronSchedule(value.expression, value.timeZone)
      : new WindowSchedule(value);
  if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value ?? key);
  compiled.set(key, source);
  return source;
}

function instant(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer`);
  }
  return value;
}

// The first occurrence strictly after `after`, or null when there is none (a cron expression
// whose remaining matches lie beyond the year 3000).
export function nextOccurrence(recurrence: Recurrence, after: Date): Date | null {
  const next = compile(recurrence).next(instant(after, 'after'));
  return next === null ? null : new Date(next);
}

// The occurrences in (fromExclusive, toInclusive], earliest first, at most `limit` of them:
// exactly the walk of nextOccurrence from fromExclusive.
export function occurrencesBetween(
  recurrence: Recurrence,
  fromExclusive: Date,
  toInclusive: Date,
  limit = DEFAULT_OCCURRENCE_LIMIT,
): Date[] {
  const source = compile(recurrence);
  const to = instant(toInclusive, 'toInclusive');
  const max = nonNegativeInteger(limit, 'limit');
  const found: Date[] = [];
  let at: number | null = instant(fromExclusive, 'fromExclusive');
  while (found.length < max) {
    at = source.next(at);
    if (at === null || at > to) break;
    found.push(new Date(at));
  }
  return found;
}

// The next `count` occurrences after `after` (fewer if the recurrence ends).
export function nextOccurrences(recurrence: Recurrence, after: Date, count: number): Date[] {
  const source = compile(recurrence);
  const max = nonNegativeInteger(count, 'count');
  const found: Date[] = [];
  let at: number | null = instant(after, 'after');
  while (found.length < max) {
    at = source.next(at);
    if (at === null) break;
    found.push(new Date(at));
  }
  return found;
}

// An instant as ISO strings in UTC and in the zone's local time with its offset, for the API and
// logs: 2026-03-29T01:00:00.000Z / 2026-03-29T03:00:00.000+02:00.
export function describeOccurrence(at: Date, timeZone: string): { utc: string; local: string } {
  const ms = instant(at, 'at');
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone '${timeZone}'`);
  return { utc: new Date(ms).toISOString(), local: local.toISO() };
}
