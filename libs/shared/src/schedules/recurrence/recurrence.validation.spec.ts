import { validateRecurrence } from './recurrence.validation';

const window = {
  kind: 'window',
  weekdays: ['mon', 'fri'],
  startTime: '22:00',
  endTime: '02:00',
  everyMinutes: 60,
  timeZone: 'Europe/Amsterdam',
};

const errorsOf = (input: unknown, prefix?: string) => {
  const result = validateRecurrence(input, prefix);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
};

describe('validateRecurrence', () => {
  it('accepts a cron recurrence and returns a clean copy', () => {
    expect(
      validateRecurrence({
        kind: 'cron',
        expression: ' 30 2 * * * ',
        timeZone: 'America/New_York',
      }),
    ).toEqual({
      ok: true,
      value: { kind: 'cron', expression: '30 2 * * *', timeZone: 'America/New_York' },
    });
  });

  it('accepts a 6-field cron expression (seconds first)', () => {
    const result = validateRecurrence({
      kind: 'cron',
      expression: '0 */5 * * * *',
      timeZone: 'UTC',
    });
    expect(result.ok).toBe(true);
  });

  it('accepts a window recurrence', () => {
    expect(validateRecurrence(window)).toEqual({ ok: true, value: window });
    expect(
      validateRecurrence({ ...window, startTime: '00:00', endTime: '00:00', everyMinutes: 1440 })
        .ok,
    ).toBe(true);
  });

  it('refuses an invalid cron expression, naming the field and why', () => {
    expect(errorsOf({ kind: 'cron', expression: '61 * * * *', timeZone: 'UTC' })).toEqual([
      {
        field: 'recurrence.expression',
        message: 'invalid cron expression: Invalid value for minute: 61',
      },
    ]);
  });

  it.each([
    ['* * * *', 4],
    ['0 0 0 1 1 * 2030', 7],
    ['@hourly', 1],
  ])('refuses %j with a field count message', (expression, fields) => {
    expect(errorsOf({ kind: 'cron', expression, timeZone: 'UTC' })).toEqual([
      {
        field: 'recurrence.expression',
        message:
          'invalid cron expression: expected 5 fields (minute hour day-of-month month day-of-week) ' +
          `or 6 (second first), got ${fields}`,
      },
    ]);
  });

  it('refuses an expression that never fires', () => {
    expect(errorsOf({ kind: 'cron', expression: '0 0 31 2 *', timeZone: 'UTC' })).toEqual([
      {
        field: 'recurrence.expression',
        message: 'invalid cron expression: it never matches a date (e.g. 30 February)',
      },
    ]);
  });

  it.each([['Europe/Nowhere'], ['+02:00'], ['local'], ['CEST']])(
    'refuses the time zone %j',
    (timeZone) => {
      expect(errorsOf({ kind: 'cron', expression: '30 2 * * *', timeZone })).toEqual([
        { field: 'recurrence.timeZone', message: `unknown IANA time zone "${timeZone}"` },
      ]);
    },
  );

  it('refuses a missing expression and time zone', () => {
    expect(errorsOf({ kind: 'cron' })).toEqual([
      {
        field: 'recurrence.timeZone',
        message: "is required: an IANA time zone such as 'Europe/Amsterdam'",
      },
      {
        field: 'recurrence.expression',
        message: "is required: a cron expression such as '30 2 * * *'",
      },
    ]);
  });

  it('reports every problem of a window at once', () => {
    const errors = errorsOf({
      kind: 'window',
      weekdays: ['mon', 'Friday', 'mon'],
      startTime: '24:00',
      endTime: '9:30',
      everyMinutes: 0,
      timeZone: 'Mars/Base',
    });
    expect(errors).toEqual([
      { field: 'recurrence.timeZone', message: 'unknown IANA time zone "Mars/Base"' },
      {
        field: 'recurrence.weekdays[1]',
        message: 'must be one of mon, tue, wed, thu, fri, sat, sun, got "Friday"',
      },
      { field: 'recurrence.weekdays[2]', message: "repeats 'mon'" },
      {
        field: 'recurrence.startTime',
        message: `must be a time of day 'HH:MM' from 00:00 to 23:59, got "24:00"`,
      },
      {
        field: 'recurrence.endTime',
        message: `must be a time of day 'HH:MM' from 00:00 to 23:59, got "9:30"`,
      },
      {
        field: 'recurrence.everyMinutes',
        message: 'must be a whole number of minutes from 1 to 1440, got 0',
      },
    ]);
  });

  it.each([[[]], ['mon'], [undefined]])('refuses weekdays %j', (weekdays) => {
    expect(errorsOf({ ...window, weekdays })).toEqual([
      {
        field: 'recurrence.weekdays',
        message: 'must be a non-empty list of weekdays (mon, tue, wed, thu, fri, sat, sun)',
      },
    ]);
  });

  it.each([[1441], [1.5], ['15'], [-5]])('refuses everyMinutes %j', (everyMinutes) => {
    expect(errorsOf({ ...window, everyMinutes }).map((e) => e.field)).toEqual([
      'recurrence.everyMinutes',
    ]);
  });

  it('accepts everyMinutes at both ends of its range', () => {
    expect(validateRecurrence({ ...window, everyMinutes: 1 }).ok).toBe(true);
    expect(validateRecurrence({ ...window, everyMinutes: 1440 }).ok).toBe(true);
  });

  it('refuses an unknown kind, and still checks the time zone', () => {
    expect(errorsOf({ kind: 'yearly', timeZone: 'Nowhere' })).toEqual([
      { field: 'recurrence.timeZone', message: 'unknown IANA time zone "Nowhere"' },
      { field: 'recurrence.kind', message: `must be 'cron' or 'window', got "yearly"` },
    ]);
    expect(errorsOf({ timeZone: 'UTC' })).toEqual([
      { field: 'recurrence.kind', message: "is required: 'cron' or 'window'" },
    ]);
  });

  it('refuses fields that do not belong to the kind, such as a mistyped timeZone', () => {
    expect(errorsOf({ kind: 'cron', expression: '30 2 * * *', timezone: 'UTC' })).toEqual([
      {
        field: 'recurrence.timeZone',
        message: "is required: an IANA time zone such as 'Europe/Amsterdam'",
      },
      {
        field: 'recurrence.timezone',
        message: 'is not a field of a cron recurrence (expression, timeZone)',
      },
    ]);
    expect(errorsOf({ ...window, expression: '* * * * *' }).map((e) => e.field)).toEqual([
      'recurrence.expression',
    ]);
  });

  it.each([[null], ['30 2 * * *'], [[]], [42]])('refuses %j as a whole', (input) => {
    expect(errorsOf(input)).toEqual([
      {
        field: 'recurrence',
        message: `must be an object with kind 'cron' or 'window', got ${JSON.stringify(input)}`,
      },
    ]);
  });

  it('describes values that JSON cannot show', () => {
    expect(
      errorsOf({ ...window, everyMinutes: () => 5, startTime: 10n }).map((e) => e.message),
    ).toEqual([
      "must be a time of day 'HH:MM' from 00:00 to 23:59, got a bigint",
      'must be a whole number of minutes from 1 to 1440, got a function',
    ]);
    expect(errorsOf({ ...window, endTime: undefined }).map((e) => e.message)).toEqual([
      "must be a time of day 'HH:MM' from 00:00 to 23:59, got nothing",
    ]);
  });

  it('names fields under the given prefix', () => {
    expect(errorsOf({ ...window, everyMinutes: 0 }, 'schedules[3].recurrence')).toEqual([
      {
        field: 'schedules[3].recurrence.everyMinutes',
        message: 'must be a whole number of minutes from 1 to 1440, got 0',
      },
    ]);
  });
});
