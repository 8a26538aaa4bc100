import { cronExpressionProblem } from './cron-schedule';
import {
  WEEKDAYS,
  type Recurrence,
  type RecurrenceError,
  type RecurrenceValidation,
  type Weekday,
} from './recurrence.types';
import { isIanaTimeZone } from './zone-clock';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_EVERY_MINUTES = 1_440;
const FIELDS = {
  cron: ['kind', 'expression', 'timeZone'],
  window: ['kind', 'weekdays', 'startTime', 'endTime', 'everyMinutes', 'timeZone'],
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isWeekday = (value: unknown): value is Weekday =>
  typeof value === 'string' && (WEEKDAYS as readonly string[]).includes(value);

const shown = (value: unknown): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  // JSON has no undefined, function, symbol or bigint.
  text ??= value === undefined ? 'nothing' : `a ${typeof value}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

// Checks an untrusted recurrence and reports every problem at once, each under the field it is
// about (`<fieldPrefix>.expression`, `<fieldPrefix>.weekdays[2]`, ...).
export function validateRecurrence(
  input: unknown,
  fieldPrefix = 'recurrence',
): RecurrenceValidation {
  const field = (name: string): string => `${fieldPrefix}.${name}`;
  if (!isRecord(input)) {
    const message = `must be an object with kind 'cron' or 'window', got ${shown(input)}`;
    return { ok: false, errors: [{ field: fieldPrefix, message }] };
  }
  const errors: RecurrenceError[] = [];
  const timeZone = checkTimeZone(input.timeZone, field('timeZone'), errors);
  const kind = input.kind;
  if (kind !== 'cron' && kind !== 'window') {
    const message =
      kind === undefined
        ? "is required: 'cron' or 'window'"
        : `must be 'cron' or 'window', got ${shown(kind)}`;
    errors.push({ field: field('kind'), message });
    return { ok: false, errors };
  }
  for (const key of Object.keys(input)) {
    if (!(FIELDS[kind] as readonly string[]).includes(key)) {
      const known = FIELDS[kind].filter((k) => k !== 'kind').join(', ');
      errors.push({
        field: field(key),
        message: `is not a field of a ${kind} recurrence (${known})`,
      });
    }
  }
  if (kind === 'cron') {
    const expression = checkExpression(input.expression, field('expression'), errors);
    if (errors.length > 0 || expression === undefined || timeZone === undefined) {
      return { ok: false, errors };
    }
    return { ok: true, value: { kind, expression, timeZone } };
  }
  const weekdays = checkWeekdays(input.weekdays, field('weekdays'), errors);
  const startTime = checkTimeOfDay(input.startTime, field('startTime'), errors);
  const endTime = checkTimeOfDay(input.endTime, field('endTime'), errors);
  const everyMinutes = checkEveryMinutes(input.everyMinutes, field('everyMinutes'), errors);
  if (
    errors.length > 0 ||
    weekdays === undefined ||
    startTime === undefined ||
    endTime === undefined ||
    everyMinutes === undefined ||
    timeZone === undefined
  ) {
    return { ok: false, errors };
  }
  const value: Recurrence = { kind, weekdays, startTime, endTime, everyMinutes, timeZone };
  return { ok: true, value };
}

function checkTimeZone(
  value: unknown,
  field: string,
  errors: RecurrenceError[],
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: `is required: an IANA time zone such as 'Europe/Amsterdam'` });
    return undefined;
  }
  if (!isIanaTimeZone(value)) {
    errors.push({ field, message: `unknown IANA time zone ${shown(value)}` });
    return undefined;
  }
  return value;
}

function checkExpression(
  value: unknown,
  field: string,
  errors: RecurrenceError[],
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: `is required: a cron expression such as '30 2 * * *'` });
    return undefined;
  }
  const problem = cronExpressionProblem(value);
  if (problem !== null) {
    errors.push({ field, message: problem });
    return undefined;
  }
  return value.trim();
}

function checkWeekdays(
  value: unknown,
  field: string,
  errors: RecurrenceError[],
): Weekday[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({
      field,
      message: `must be a non-empty list of weekdays (${WEEKDAYS.join(', ')})`,
    });
    return undefined;
  }
  const seen = new Set<Weekday>();
  const before = errors.length;
  value.forEach((day: unknown, index) => {
    if (!isWeekday(day)) {
      errors.push({
        field: `${field}[${index}]`,
        message: `must be one of ${WEEKDAYS.join(', ')}, got ${shown(day)}`,
      });
    } else if (seen.has(day)) {
      errors.push({ field: `${field}[${index}]`, message: `repeats '${day}'` });
    } else {
      seen.add(day);
    }
  });
  return errors.length === before ? [...seen] : undefined;
}

function checkTimeOfDay(
  value: unknown,
  field: string,
  errors: RecurrenceError[],
): string | undefined {
  if (typeof value !== 'string' || !TIME_OF_DAY.test(value)) {
    errors.push({
      field,
      message: `must be a time of day 'HH:MM' from 00:00 to 23:59, got ${shown(value)}`,
    });
    return undefined;
  }
  return value;
}

function checkEveryMinutes(
  value: unknown,
  field: string,
  errors: RecurrenceError[],
): number | undefined {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_EVERY_MINUTES
  ) {
    errors.push({
      field,
      message: `must be a whole number of minutes from 1 to ${MAX_EVERY_MINUTES}, got ${shown(value)}`,
    });
    return undefined;
  }
  return value;
}
