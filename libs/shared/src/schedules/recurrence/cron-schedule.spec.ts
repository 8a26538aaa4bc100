import { Cron } from 'croner';

import { CronSchedule, cronExpressionProblem } from './cron-schedule';
import { ZoneClock } from './zone-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

const walk = (next: (after: number) => number | null, from: string, count: number): string[] => {
  const found: string[] = [];
  let at: number | null = utc(from);
  while (found.length < count) {
    at = next(at);
    if (at === null) break;
    found.push(iso(at));
  }
  return found;
};

// What croner 11 does on its own, pinned so that an upgrade that changes it fails here and the
// corrections in CronSchedule get looked at again.
describe('croner on its own (timezone option, nextRun)', () => {
  const native = (expression: string, timezone: string, options = {}) => {
    const cron = new Cron(expression, { timezone, paused: true, ...options });
    return (after: number): number | null => cron.nextRun(new Date(after))?.getTime() ?? null;
  };

  it('fires a fixed-time expression in a spring-forward gap at the jump', () => {
    expect(walk(native('30 2 * * *', 'Europe/Amsterdam'), '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('fires a fixed-time expression once, on the first pass, when the clocks fall back', () => {
    // New York repeats 01:00-01:59 on 2026-11-01.
    expect(walk(native('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30-04:00; not again at 01:30-05:00
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('skips the gap for an interval expression and fires it on both passes of a fall-back', () => {
    expect(walk(native('0 */2 * * *', 'Europe/Amsterdam'), '2026-03-28T23:30:00Z', 2)).toEqual([
      '2026-03-29T02:00:00.000Z', // 04:00+02:00: 02:00 local was skipped
      '2026-03-29T04:00:00.000Z',
    ]);
    expect(walk(native('30 * * * *', 'Europe/Amsterdam'), '2026-10-24T23:45:00Z', 3)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30+02:00
      '2026-10-25T01:30:00.000Z', // 02:30+01:00
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it("counts lists as interval expressions unless fixedTimeRule is 'no-wildcard'", () => {
    const from = '2026-10-24T12:00:00Z';
    expect(walk(native('30 2,14 * * *', 'Europe/Amsterdam'), from, 3)).toEqual([
      '2026-10-24T12:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z', // 02:30 twice
    ]);
    const noWildcard = native('30 2,14 * * *', 'Europe/Amsterdam', {
      fixedTimeRule: 'no-wildcard',
    });
    expect(walk(noWildcard, from, 3)).toEqual([
      '2026-10-24T12:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T13:30:00.000Z',
    ]);
  });

  it('skips a fixed-time expression whose gap jump lands on the next day', () => {
    // Pacific/Apia skipped 30 December 2011: 29 Dec 23:59:59-10:00 was followed by 31 Dec 00:00+14:00.
    expect(walk(native('30 2 * * *', 'Pacific/Apia'), '2011-12-29T13:00:00Z', 1)).toEqual([
      '2011-12-30T12:30:00.000Z', // 31 Dec 02:30
    ]);
  });

  it('answers strictly after a reference with milliseconds, whatever the current time', () => {
    const cron = new Cron('30 2 * * *', { timezone: 'UTC', paused: true });
    expect(cron.nextRun(new Date('2026-01-01T02:30:00.000Z'))?.toISOString()).toBe(
      '2026-01-02T02:30:00.000Z',
    );
    expect(cron.nextRun(new Date('2026-01-01T02:29:59.999Z'))?.toISOString()).toBe(
      '2026-01-01T02:30:00.000Z',
    );
    expect(cron.nextRun(new Date('2026-01-01T02:30:00.001Z'))?.toISOString()).toBe(
      '2026-01-02T02:30:00.000Z',
    );
  });
});

describe('CronSchedule', () => {
  it('fires an interval expression at the jump when it matches a skipped time', () => {
    const everyTwoHours = new CronSchedule('0 */2 * * *', 'Europe/Amsterdam');
    expect(walk((a) => everyTwoHours.next(a), '2026-03-28T22:30:00Z', 3)).toEqual([
      '2026-03-28T23:00:00.000Z', // 00:00+01:00
      '2026-03-29T01:00:00.000Z', // 02:00 skipped -> 03:00+02:00
      '2026-03-29T02:00:00.000Z', // 04:00+02:00
    ]);
    const twiceAnHour = new CronSchedule('5,35 * * * *', 'America/New_York');
    expect(walk((a) => twiceAnHour.next(a), '2026-03-08T06:30:00Z', 3)).toEqual([
      '2026-03-08T06:35:00.000Z', // 01:35-05:00
      '2026-03-08T07:00:00.000Z', // 02:05 and 02:35 skipped -> once at 03:00-04:00
      '2026-03-08T07:05:00.000Z', // 03:05-04:00
    ]);
  });

  it('fires once at the jump when the skipped times and the time after the gap coincide', () => {
    const hourly = new CronSchedule('0 * * * *', 'Europe/Amsterdam');
    expect(walk((a) => hourly.next(a), '2026-03-29T00:30:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00+02:00, not twice
      '2026-03-29T02:00:00.000Z',
    ]);
    const twoAndThree = new CronSchedule('0 2,3 * * *', 'Europe/Amsterdam');
    expect(walk((a) => twoAndThree.next(a), '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
    ]);
  });

  it('fires a fixed-time expression at the jump even when the jump lands on the next day', () => {
    const daily = new CronSchedule('30 2 * * *', 'Pacific/Apia');
    expect(walk((a) => daily.next(a), '2011-12-29T13:00:00Z', 2)).toEqual([
      '2011-12-30T10:00:00.000Z', // 30 Dec 02:30 never happened -> 31 Dec 00:00+14:00
      '2011-12-30T12:30:00.000Z', // 31 Dec 02:30+14:00
    ]);
  });

  it('returns null when croner finds no match before the year 3000', () => {
    expect(
      new CronSchedule('0 0 29 2 *', 'Europe/Amsterdam').next(utc('2999-01-01T00:00:00Z')),
    ).toBeNull();
  });

  describe('fast path', () => {
    const cases: [string, string][] = [
      ['* * * * *', 'Europe/Amsterdam'],
      ['*/15 * * * *', 'Europe/Amsterdam'],
      ['30 2 * * *', 'America/New_York'],
      ['0 2,14 * * *', 'America/New_York'],
      ['5,35 1-3 * * *', 'Australia/Lord_Howe'],
      ['*/20 */3 * * *', 'America/Santiago'],
      ['15 */10 * * * *', 'Pacific/Chatham'],
      ['0 0 L * *', 'Europe/London'],
      ['0 9 * * mon-fri', 'Asia/Kolkata'],
    ];
    const transitionsOf2026 = (zone: string): number[] =>
      ZoneClock.for(zone)
        .transitionsIn(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'))
        .map((t) => t.at);

    it.each(cases)('walks exactly like croner alone for %s in %s', (expression, zone) => {
      const fast = new CronSchedule(expression, zone);
      const croner = new CronSchedule(expression, zone, false);
      const starts = [
        utc('2026-06-01T00:00:00Z'),
        ...transitionsOf2026(zone).map((t) => t - 6 * HOUR),
      ];
      for (const from of starts) {
        let at = from;
        while (at <= from + 12 * HOUR) {
          const expected = croner.next(at) as number;
          expect(iso(fast.next(at) as number)).toBe(iso(expected));
          at = expected;
        }
      }
    });

    it.each(cases)(
      'answers like croner alone from arbitrary instants for %s in %s',
      (expression, zone) => {
        const fast = new CronSchedule(expression, zone);
        const croner = new CronSchedule(expression, zone, false);
        const near = transitionsOf2026(zone);
        let seed = 7;
        const random = (): number => {
          seed = (seed * 16807) % 2147483647;
          return seed / 2147483647;
        };
        for (let i = 0; i < 150; i++) {
          // Most probes land within a day of a transition, where the fast path hands over.
          const after =
            near.length > 0 && i % 3 !== 0
              ? Math.floor(near[i % near.length] + (random() - 0.5) * 2 * DAY)
              : Math.floor(utc('2026-01-01T00:00:00Z') + random() * 365 * DAY);
          expect(iso(fast.next(after) as number)).toBe(iso(croner.next(after) as number));
        }
        // And every 5 minutes through each transition, the repeated hour included.
        for (const transition of near) {
          for (
            let after = transition - 2 * HOUR;
            after <= transition + 2 * HOUR;
            after += 5 * MINUTE
          ) {
            expect(iso(fast.next(after) as number)).toBe(iso(croner.next(after) as number));
          }
        }
      },
    );
  });
});

describe('cronExpressionProblem', () => {
  it.each([
    [
      '* * * *',
      'expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got 4',
    ],
    ['0 0 0 * * * *', 'got 7'],
    ['@daily', 'got 1'],
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['*/0 * * * *', 'illegal stepping: 0'],
    ['a * * * *', 'contains illegal characters'],
    ['0 0 30 2 *', 'it never matches a date'],
  ])('refuses %j', (expression, reason) => {
    expect(cronExpressionProblem(expression)).toMatch(/^invalid cron expression: /);
    expect(cronExpressionProblem(expression)).toContain(reason);
  });

  it.each(['30 2 * * *', '0 */15 * * * *', '0 12 * * MON-FRI', '0 0 L * *', '  5 4 * * sun  '])(
    'accepts %j',
    (expression) => {
      expect(cronExpressionProblem(expression)).toBeNull();
    },
  );
});
