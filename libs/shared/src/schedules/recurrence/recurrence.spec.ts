import { Cron } from 'croner';
import { DateTime, Settings } from 'luxon';

import {
  DEFAULT_OCCURRENCE_LIMIT,
  InvalidRecurrence,
  WEEKDAYS,
  describeOccurrence,
  nextOccurrence,
  nextOccurrences,
  occurrencesBetween,
  type Recurrence,
  type Weekday,
  type WindowRecurrence,
} from './recurrence';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const utc = (iso: string): number => Date.parse(iso);
const at = (iso: string): Date => new Date(iso);
const isoOf = (dates: Date[]): string[] => dates.map((d) => d.toISOString());
const localOf = (dates: Date[], zone: string): string[] =>
  dates.map((d) => describeOccurrence(d, zone).local);

const cron = (expression: string, timeZone: string): Recurrence => ({
  kind: 'cron',
  expression,
  timeZone,
});
const window = (
  weekdays: Weekday[],
  startTime: string,
  endTime: string,
  everyMinutes: number,
  timeZone: string,
): WindowRecurrence => ({ kind: 'window', weekdays, startTime, endTime, everyMinutes, timeZone });

// The instants between two dates, by walking nextOccurrence one step at a time.
const walk = (r: Recurrence, from: Date, to: Date): Date[] => {
  const found: Date[] = [];
  let next = nextOccurrence(r, from);
  while (next !== null && next <= to) {
    found.push(next);
    next = nextOccurrence(r, next);
  }
  return found;
};

const expectStrictlyIncreasing = (dates: Date[]): void => {
  const firstOutOfOrder = dates.findIndex((d, i) => i > 0 && d.getTime() <= dates[i - 1].getTime());
  expect(firstOutOfOrder).toBe(-1);
};

// Independent oracles of the documented rules, by brute force with luxon, one minute at a time.
const luxonWall = (instant: number, zone: string): number =>
  DateTime.fromMillis(instant, { zone }).setZone('utc', { keepLocalTime: true }).toMillis();

function cronOracle(expression: string, zone: string, interval: boolean, from: number, to: number) {
  const matcher = new Cron(expression, { utcOffset: 0, paused: true });
  const matches = (wall: number): boolean => matcher.match(new Date(wall));
  const fires = new Set<number>();
  let highestWall = -Infinity;
  let previousWall: number | undefined;
  for (let t = from - 3 * HOUR; t <= to; t += MINUTE) {
    const wall = luxonWall(t, zone);
    if (previousWall !== undefined) {
      for (let skipped = previousWall + MINUTE; skipped < wall; skipped += MINUTE) {
        if (matches(skipped)) fires.add(t);
      }
    }
    const repeated = wall <= highestWall;
    if (matches(wall) && (!repeated || interval)) fires.add(t);
    highestWall = Math.max(highestWall, wall);
    previousWall = wall;
  }
  return [...fires]
    .filter((t) => t > from && t <= to)
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
}

function windowOracle(r: WindowRecurrence, from: number, to: number) {
  const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const start = minutes(r.startTime);
  const length = (minutes(r.endTime) - start + 1440) % 1440 || 1440;
  const firstInstant = (wall: DateTime): number => {
    const local = DateTime.fromObject(wall.toObject(), { zone: r.timeZone });
    if (luxonWall(local.toMillis(), r.timeZone) === wall.toMillis()) {
      return Math.min(...local.getPossibleOffsets().map((d) => d.toMillis()));
    }
    let t = local.toMillis() - 3 * HOUR;
    while (luxonWall(t, r.timeZone) < wall.toMillis()) t += MINUTE;
    return t;
  };
  const fires = new Set<number>();
  let day = DateTime.fromMillis(from, { zone: r.timeZone }).setZone('utc', { keepLocalTime: true });
  day = day.startOf('day').minus({ days: 2 });
  for (; day.toMillis() < to + 2 * DAY; day = day.plus({ days: 1 })) {
    if (!r.weekdays.includes(WEEKDAYS[day.weekday - 1])) continue;
    for (
      let k = 0;
      length === 1440 ? k * r.everyMinutes < length : k * r.everyMinutes <= length;
      k++
    ) {
      fires.add(firstInstant(day.plus({ minutes: start + k * r.everyMinutes })));
    }
  }
  return [...fires]
    .filter((t) => t > from && t <= to)
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
}

describe('DST: daily at 02:30', () => {
  it('Europe/Amsterdam spring forward (2026-03-29): 02:30 does not exist, fires at 03:00+02:00', () => {
    const r = cron('30 2 * * *', 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-03-27T12:00:00Z'), at('2026-03-31T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-28T02:30:00.000+01:00',
      '2026-03-29T03:00:00.000+02:00',
      '2026-03-30T02:30:00.000+02:00',
      '2026-03-31T02:30:00.000+02:00',
    ]);
    expect(found[1].toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('Europe/Amsterdam fall back (2026-10-25): 02:30 occurs twice, fires once at the first', () => {
    const r = cron('30 2 * * *', 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-10-23T12:00:00Z'), at('2026-10-27T12:00:00Z'));
    expect(isoOf(found)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30+02:00; not again at 02:30+01:00 (01:30Z)
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  it('fires once even when asked from inside the repeated hour', () => {
    const r = cron('30 2 * * *', 'Europe/Amsterdam');
    // 02:15+01:00, the second pass: 02:30 has fired already at 02:30+02:00.
    expect(nextOccurrence(r, at('2026-10-25T01:15:00Z'))?.toISOString()).toBe(
      '2026-10-26T01:30:00.000Z',
    );
  });

  it('America/New_York spring forward (2026-03-08): 02:30 does not exist, fires at 03:00-04:00', () => {
    const r = cron('30 2 * * *', 'America/New_York');
    const found = occurrencesBetween(r, at('2026-03-06T12:00:00Z'), at('2026-03-10T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-07T02:30:00.000-05:00',
      '2026-03-08T03:00:00.000-04:00',
      '2026-03-09T02:30:00.000-04:00',
      '2026-03-10T02:30:00.000-04:00',
    ]);
    expect(found[1].toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('America/New_York fall back (2026-11-01): 02:30 occurs once; 01:30 occurs twice and fires once', () => {
    const daily = cron('30 2 * * *', 'America/New_York');
    expect(
      localOf(
        occurrencesBetween(daily, at('2026-10-30T12:00:00Z'), at('2026-11-02T12:00:00Z')),
        daily.timeZone,
      ),
    ).toEqual([
      '2026-10-31T02:30:00.000-04:00',
      '2026-11-01T02:30:00.000-05:00',
      '2026-11-02T02:30:00.000-05:00',
    ]);
    const early = cron('30 1 * * *', 'America/New_York');
    expect(
      localOf(
        occurrencesBetween(early, at('2026-10-30T12:00:00Z'), at('2026-11-02T12:00:00Z')),
        early.timeZone,
      ),
    ).toEqual([
      '2026-10-31T01:30:00.000-04:00',
      '2026-11-01T01:30:00.000-04:00',
      '2026-11-02T01:30:00.000-05:00',
    ]);
  });

  it('the window form (every day, one run at 02:30) follows the same rule as the cron form', () => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York']) {
      const daily = window([...WEEKDAYS], '02:30', '02:30', 1440, zone);
      for (const [from, to] of [
        ['2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z'],
        ['2026-10-20T00:00:00Z', '2026-11-05T00:00:00Z'],
      ]) {
        expect(isoOf(occurrencesBetween(daily, at(from), at(to)))).toEqual(
          isoOf(occurrencesBetween(cron('30 2 * * *', zone), at(from), at(to))),
        );
      }
    }
  });
});

describe('DST: every 15 minutes', () => {
  it.each([
    ['Europe/Amsterdam', '2026-03-28T22:00:00Z'],
    ['Europe/Amsterdam', '2026-10-24T22:00:00Z'],
    ['America/New_York', '2026-03-08T04:00:00Z'],
    ['America/New_York', '2026-11-01T03:00:00Z'],
  ])('in %s, the day from %s, never skips or doubles a real quarter hour', (zone, from) => {
    const r = cron('*/15 * * * *', zone);
    const found = occurrencesBetween(r, at(from), new Date(utc(from) + DAY));
    expect(found).toHaveLength(4 * 24);
    for (let i = 1; i < found.length; i++) {
      expect(found[i].getTime() - found[i - 1].getTime()).toBe(15 * MINUTE);
    }
  });

  it('fires on both passes of the repeated hour (Europe/Amsterdam, 2026-10-25)', () => {
    const r = cron('*/15 * * * *', 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-10-24T23:50:00Z'), at('2026-10-25T02:05:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-10-25T02:00:00.000+02:00',
      '2026-10-25T02:15:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T02:45:00.000+02:00',
      '2026-10-25T02:00:00.000+01:00',
      '2026-10-25T02:15:00.000+01:00',
      '2026-10-25T02:30:00.000+01:00',
      '2026-10-25T02:45:00.000+01:00',
      '2026-10-25T03:00:00.000+01:00',
    ]);
  });

  it('goes from 01:45 straight to 03:00 in the gap, once (Europe/Amsterdam, 2026-03-29)', () => {
    const r = cron('*/15 * * * *', 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-03-29T00:40:00Z'), at('2026-03-29T01:20:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-29T01:45:00.000+01:00',
      '2026-03-29T03:00:00.000+02:00',
      '2026-03-29T03:15:00.000+02:00',
    ]);
  });
});

describe('DST: the window form', () => {
  it('Europe/Amsterdam spring forward: skipped times fire once at 03:00', () => {
    const r = window(['sun'], '01:00', '04:00', 30, 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-29T01:00:00.000+01:00',
      '2026-03-29T01:30:00.000+01:00',
      '2026-03-29T03:00:00.000+02:00', // 02:00, 02:30 and 03:00
      '2026-03-29T03:30:00.000+02:00',
      '2026-03-29T04:00:00.000+02:00',
    ]);
  });

  it('Europe/Amsterdam fall back: repeated times fire once, on the first pass', () => {
    const r = window(['sun'], '01:00', '04:00', 30, 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-10-25T01:00:00.000+02:00',
      '2026-10-25T01:30:00.000+02:00',
      '2026-10-25T02:00:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T03:00:00.000+01:00',
      '2026-10-25T03:30:00.000+01:00',
      '2026-10-25T04:00:00.000+01:00',
    ]);
  });

  it('America/New_York spring forward: skipped times fire once at 03:00', () => {
    const r = window(['sun'], '01:00', '04:00', 30, 'America/New_York');
    const found = occurrencesBetween(r, at('2026-03-07T12:00:00Z'), at('2026-03-08T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-08T01:00:00.000-05:00',
      '2026-03-08T01:30:00.000-05:00',
      '2026-03-08T03:00:00.000-04:00',
      '2026-03-08T03:30:00.000-04:00',
      '2026-03-08T04:00:00.000-04:00',
    ]);
  });

  it('America/New_York fall back: repeated times fire once, on the first pass', () => {
    const r = window(['sun'], '00:00', '03:00', 30, 'America/New_York');
    const found = occurrencesBetween(r, at('2026-10-31T12:00:00Z'), at('2026-11-01T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-11-01T00:00:00.000-04:00',
      '2026-11-01T00:30:00.000-04:00',
      '2026-11-01T01:00:00.000-04:00',
      '2026-11-01T01:30:00.000-04:00',
      '2026-11-01T02:00:00.000-05:00',
      '2026-11-01T02:30:00.000-05:00',
      '2026-11-01T03:00:00.000-05:00',
    ]);
  });

  it('an overnight window keeps its wall-clock times across the change', () => {
    const r = window(['sat'], '22:00', '04:00', 60, 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'));
    expect(localOf(found, r.timeZone)).toEqual([
      '2026-03-28T22:00:00.000+01:00',
      '2026-03-28T23:00:00.000+01:00',
      '2026-03-29T00:00:00.000+01:00',
      '2026-03-29T01:00:00.000+01:00',
      '2026-03-29T03:00:00.000+02:00',
      '2026-03-29T04:00:00.000+02:00',
    ]);
  });
});

describe('DST rule against a brute-force oracle', () => {
  const around = (zone: string): [number, number][] =>
    ({
      'Europe/Amsterdam': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
      'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
      'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'],
    })[zone]!.map((t): [number, number] => [utc(t) - 30 * HOUR, utc(t) + 30 * HOUR]);

  it.each([
    ['30 2 * * *', false],
    ['0 2,3 * * *', false],
    ['*/20 1-3 * * *', true],
    ['45 * * * *', true],
    ['5,35 * * * *', true],
    ['0 */2 * * *', true],
    ['*/7 * * * *', true],
    ['10,40 1,2 * * *', false],
  ])('cron %s (interval: %s)', (expression, interval) => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe']) {
      for (const [from, to] of around(zone)) {
        const r = cron(expression, zone);
        expect(isoOf(occurrencesBetween(r, new Date(from), new Date(to)))).toEqual(
          cronOracle(expression, zone, interval, from, to),
        );
      }
    }
  });

  it.each([
    [['sun'], '01:00', '04:00', 30],
    [['sat', 'sun'], '22:00', '03:00', 7],
    [['sun'], '02:15', '02:15', 45],
    [['sat'], '23:59', '02:31', 1],
    [['sun', 'mon'], '02:30', '02:29', 90],
    [[...WEEKDAYS], '00:00', '00:00', 1440],
  ] as [Weekday[], string, string, number][])(
    'window %j %s-%s every %i',
    (weekdays, startTime, endTime, everyMinutes) => {
      for (const zone of ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe']) {
        for (const [from, to] of around(zone)) {
          const r = window(weekdays, startTime, endTime, everyMinutes, zone);
          expect(isoOf(occurrencesBetween(r, new Date(from), new Date(to)))).toEqual(
            windowOracle(r, from, to),
          );
        }
      }
    },
  );
});

describe('the window form', () => {
  const zone = 'Europe/Amsterdam';
  // Monday 2026-06-01 .. Monday 2026-06-08, summer time all week.
  const week = (r: Recurrence): string[] =>
    localOf(occurrencesBetween(r, at('2026-05-31T21:59:59Z'), at('2026-06-07T21:59:59Z')), zone);

  it('runs from startTime every N minutes up to and including endTime', () => {
    expect(week(window(['mon'], '08:00', '10:00', 60, zone))).toEqual([
      '2026-06-01T08:00:00.000+02:00',
      '2026-06-01T09:00:00.000+02:00',
      '2026-06-01T10:00:00.000+02:00',
    ]);
  });

  it('stops at the last step before endTime when the steps do not land on it', () => {
    expect(week(window(['tue'], '08:00', '10:00', 45, zone))).toEqual([
      '2026-06-02T08:00:00.000+02:00',
      '2026-06-02T08:45:00.000+02:00',
      '2026-06-02T09:30:00.000+02:00',
    ]);
  });

  it('wraps past midnight; the weekday is the day the window starts', () => {
    expect(week(window(['fri'], '22:00', '02:00', 60, zone))).toEqual([
      '2026-06-05T22:00:00.000+02:00',
      '2026-06-05T23:00:00.000+02:00',
      '2026-06-06T00:00:00.000+02:00',
      '2026-06-06T01:00:00.000+02:00',
      '2026-06-06T02:00:00.000+02:00',
    ]);
  });

  it('treats endTime equal to startTime as the whole day, without the next day’s start', () => {
    const found = week(window(['wed'], '06:00', '06:00', 60, zone));
    expect(found).toHaveLength(24);
    expect(found[0]).toBe('2026-06-03T06:00:00.000+02:00');
    expect(found[23]).toBe('2026-06-04T05:00:00.000+02:00');
    expect(week(window([...WEEKDAYS], '00:00', '00:00', 60, zone))).toHaveLength(7 * 24);
  });

  it('fires only at startTime when the step is longer than the window', () => {
    expect(week(window(['thu', 'sat'], '09:15', '09:45', 1440, zone))).toEqual([
      '2026-06-04T09:15:00.000+02:00',
      '2026-06-06T09:15:00.000+02:00',
    ]);
  });

  it('fires once when startTime and endTime are a minute apart', () => {
    expect(week(window(['sun'], '12:00', '12:01', 5, zone))).toEqual([
      '2026-06-07T12:00:00.000+02:00',
    ]);
  });

  it('keeps to the grid of startTime, whatever instant it is asked from', () => {
    const r = window(['mon'], '08:00', '12:00', 45, zone);
    // Asked at the scheduled time or when the run ended, the next one is 08:45.
    expect(nextOccurrence(r, at('2026-06-01T06:00:00Z'))?.toISOString()).toBe(
      '2026-06-01T06:45:00.000Z',
    );
    expect(nextOccurrence(r, at('2026-06-01T06:20:00Z'))?.toISOString()).toBe(
      '2026-06-01T06:45:00.000Z',
    );
    expect(nextOccurrence(r, at('2026-06-01T06:44:59.999Z'))?.toISOString()).toBe(
      '2026-06-01T06:45:00.000Z',
    );
    expect(nextOccurrence(r, at('2026-06-01T06:45:00.000Z'))?.toISOString()).toBe(
      '2026-06-01T07:30:00.000Z',
    );
    // After the last run of the window (11:45): next Monday.
    expect(nextOccurrence(r, at('2026-06-01T09:45:00Z'))?.toISOString()).toBe(
      '2026-06-08T06:00:00.000Z',
    );
  });
});

describe('occurrencesBetween', () => {
  // A seeded PRNG (mulberry32), so a failure reproduces.
  const prng = (seed: number) => (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = prng(20260329);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (below: number): number => Math.floor(random() * below);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zones = [
    'Europe/Amsterdam',
    'America/New_York',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'UTC',
  ];
  const transitions = [
    '2026-03-08T07:00:00Z',
    '2026-03-29T01:00:00Z',
    '2026-04-04T15:00:00Z',
    '2026-09-06T04:00:00Z',
    '2026-10-25T01:00:00Z',
    '2026-11-01T06:00:00Z',
  ];
  const randomCron = (): string =>
    pick([
      () => `${int(60)} ${int(24)} * * *`,
      () => `*/${pick([1, 5, 7, 15, 30])} * * * *`,
      () => `${int(60)} */${pick([2, 3, 5])} * * *`,
      () => `${int(60)} ${int(12)},${12 + int(12)} * * ${pick(['*', 'mon-fri', 'sat,sun'])}`,
      () => `${int(60)} ${int(4)}-${4 + int(4)} * * *`,
      () => `${int(60)} */${pick([5, 10, 20])} * * * *`,
      () => `0 ${int(24)} L * *`,
    ])();
  const randomRecurrence = (): Recurrence => {
    const timeZone = pick(zones);
    if (random() < 0.5) return cron(randomCron(), timeZone);
    const weekdays = WEEKDAYS.filter(() => random() < 0.4);
    return window(
      weekdays.length > 0 ? weekdays : [pick(WEEKDAYS)],
      `${pad(int(24))}:${pad(int(60))}`,
      random() < 0.2 ? '00:00' : `${pad(int(24))}:${pad(int(60))}`,
      pick([1, 5, 7, 15, 30, 45, 60, 90, 240, 1440]),
      timeZone,
    );
  };

  it('returns exactly the walk of nextOccurrence, strictly increasing, for random recurrences', () => {
    for (let i = 0; i < 40; i++) {
      const r = randomRecurrence();
      const from =
        random() < 0.5
          ? new Date(utc(pick(transitions)) - int(4 * DAY))
          : new Date(utc('2026-01-01T00:00:00Z') + int(365 * DAY));
      const to = new Date(from.getTime() + 7 * DAY);
      const found = occurrencesBetween(r, from, to);
      expect({ r, from, found: isoOf(found) }).toEqual({
        r,
        from,
        found: isoOf(walk(r, from, to)),
      });
      expectStrictlyIncreasing(found);
      expect(found.every((d) => d > from && d <= to)).toBe(true);
    }
  });

  it('excludes fromExclusive and includes toInclusive', () => {
    const r = cron('0 * * * *', 'UTC');
    expect(
      isoOf(occurrencesBetween(r, at('2026-06-01T10:00:00Z'), at('2026-06-01T12:00:00Z'))),
    ).toEqual(['2026-06-01T11:00:00.000Z', '2026-06-01T12:00:00.000Z']);
  });

  it('stops at the limit, and returns nothing for an empty range', () => {
    const r = cron('* * * * *', 'UTC');
    expect(
      occurrencesBetween(r, at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z'), 3),
    ).toHaveLength(3);
    expect(
      occurrencesBetween(r, at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z'), 0),
    ).toEqual([]);
    expect(occurrencesBetween(r, at('2026-06-02T00:00:00Z'), at('2026-06-01T00:00:00Z'))).toEqual(
      [],
    );
    expect(DEFAULT_OCCURRENCE_LIMIT).toBeGreaterThan(7 * 24 * 60);
  });

  it.each([
    ['every minute by cron', cron('* * * * *', 'Europe/Amsterdam')],
    ['every minute by window', window([...WEEKDAYS], '00:00', '00:00', 1, 'America/New_York')],
  ])('enumerates a week of %s (10,080)', (_name, r) => {
    // How fast lives in the benchmarks, not here: timed assertions flake on a busy machine.
    const from = at('2026-06-01T00:00:00Z');
    const to = new Date(from.getTime() + 7 * DAY);
    expect(occurrencesBetween(r, from, to)).toHaveLength(10_080);
  });

  it('enumerates the DST week of an every-minute cron without a duplicate instant', () => {
    const r = cron('* * * * *', 'Europe/Amsterdam');
    const found = occurrencesBetween(r, at('2026-10-22T00:00:00Z'), at('2026-10-29T00:00:00Z'));
    expect(found).toHaveLength(10_080); // real minutes: the repeated hour fires on both passes
    expectStrictlyIncreasing(found);
  });
});

describe('nextOccurrence', () => {
  it('is strictly after `after`', () => {
    const r = cron('30 2 * * *', 'UTC');
    expect(nextOccurrence(r, at('2026-06-01T02:30:00.000Z'))?.toISOString()).toBe(
      '2026-06-02T02:30:00.000Z',
    );
    expect(nextOccurrence(r, at('2026-06-01T02:29:59.999Z'))?.toISOString()).toBe(
      '2026-06-01T02:30:00.000Z',
    );
  });

  it('supports 6-field expressions (seconds first)', () => {
    const r = cron('*/20 * * * * *', 'Europe/Amsterdam');
    expect(isoOf(nextOccurrences(r, at('2026-06-01T00:00:05Z'), 3))).toEqual([
      '2026-06-01T00:00:20.000Z',
      '2026-06-01T00:00:40.000Z',
      '2026-06-01T00:01:00.000Z',
    ]);
  });

  it('returns null when there is no further occurrence', () => {
    expect(nextOccurrence(cron('0 0 29 2 *', 'UTC'), at('2999-01-01T00:00:00Z'))).toBeNull();
    expect(nextOccurrences(cron('0 0 29 2 *', 'UTC'), at('2990-01-01T00:00:00Z'), 5)).toHaveLength(
      2,
    );
  });

  it('depends only on the recurrence and `after`, never on the current time', () => {
    const after = at('2026-10-24T12:00:00Z');
    const orders: Weekday[][] = [
      ['fri', 'sat', 'sun'],
      ['sun', 'sat', 'fri'],
      ['sat', 'fri', 'sun'],
      ['sun', 'fri', 'sat'],
    ];
    // Different spellings of equal recurrences, so that nothing comes from a cache filled earlier.
    const spelling = (n: number): Recurrence[] => [
      cron(`30${' '.repeat(n + 1)}2 * * *`, 'Europe/Amsterdam'),
      cron(`*/15${' '.repeat(n + 1)}* * * *`, 'America/New_York'),
      window(orders[n], '01:00', '04:00', 30, 'Europe/Amsterdam'),
    ];
    const expected = spelling(0).map((r) => isoOf(nextOccurrences(r, after, 50)));
    const realNow = Settings.now;
    try {
      ['2001-01-15T12:00:00Z', '2026-10-25T01:30:00Z', '2031-07-01T00:00:00Z'].forEach((now, i) => {
        jest.useFakeTimers({ now: new Date(now) });
        Settings.now = () => Date.parse(now);
        expect(spelling(i + 1).map((r) => isoOf(nextOccurrences(r, after, 50)))).toEqual(expected);
      });
    } finally {
      Settings.now = realNow;
      jest.useRealTimers();
    }
  });

  it('refuses a recurrence that does not validate', () => {
    const bad = { kind: 'cron', expression: '* * *', timeZone: 'Nowhere' } as Recurrence;
    expect(() => nextOccurrence(bad, at('2026-01-01T00:00:00Z'))).toThrow(InvalidRecurrence);
    try {
      nextOccurrence(bad, at('2026-01-01T00:00:00Z'));
    } catch (error) {
      expect((error as InvalidRecurrence).errors.map((e) => e.field)).toEqual([
        'recurrence.timeZone',
        'recurrence.expression',
      ]);
    }
  });

  it('refuses an invalid date or count', () => {
    const r = cron('* * * * *', 'UTC');
    expect(() => nextOccurrence(r, new Date('not a date'))).toThrow('after must be a valid Date');
    expect(() => nextOccurrences(r, at('2026-01-01T00:00:00Z'), -1)).toThrow(
      'count must be a non-negative integer',
    );
    expect(() =>
      occurrencesBetween(r, at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'), 1.5),
    ).toThrow('limit must be a non-negative integer');
  });
});

describe('describeOccurrence', () => {
  it('gives the instant in UTC and in local time with its offset', () => {
    expect(describeOccurrence(at('2026-03-29T01:00:00Z'), 'Europe/Amsterdam')).toEqual({
      utc: '2026-03-29T01:00:00.000Z',
      local: '2026-03-29T03:00:00.000+02:00',
    });
    expect(describeOccurrence(at('2026-11-01T06:30:00Z'), 'America/New_York')).toEqual({
      utc: '2026-11-01T06:30:00.000Z',
      local: '2026-11-01T01:30:00.000-05:00',
    });
  });

  it('refuses an unknown zone', () => {
    expect(() => describeOccurrence(at('2026-01-01T00:00:00Z'), 'Nowhere/Town')).toThrow(
      "unknown time zone 'Nowhere/Town'",
    );
  });
});
