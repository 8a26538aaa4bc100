import { DateTime } from 'luxon';

import { ZoneClock } from './zone-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (iso: string): number => Date.parse(iso);

// The wall-clock reading luxon gives for an instant, encoded like ZoneClock's WallMs.
const luxonWall = (at: number, zone: string): number =>
  DateTime.fromMillis(at, { zone }).setZone('utc', { keepLocalTime: true }).toMillis();

// min { t : wall(t) >= wall }, by scanning whole minutes with luxon: the walls tested are whole
// minutes and so are every offset and transition involved.
const scanFirstInstant = (wall: number, zone: string): number => {
  const offset = (at: number): number => DateTime.fromMillis(at, { zone }).offset * MINUTE;
  let at = wall - Math.max(offset(wall - 24 * HOUR), offset(wall + 24 * HOUR)) - MINUTE;
  expect(luxonWall(at, zone)).toBeLessThan(wall);
  while (luxonWall(at, zone) < wall) at += MINUTE;
  return at;
};

describe('ZoneClock', () => {
  it('finds the 2026 transitions of Europe/Amsterdam and America/New_York to the second', () => {
    const amsterdam = ZoneClock.for('Europe/Amsterdam').transitionsIn(
      utc('2026-01-01T00:00:00Z'),
      utc('2027-01-01T00:00:00Z'),
    );
    expect(amsterdam).toEqual([
      { at: utc('2026-03-29T01:00:00Z'), offsetBeforeMs: 1 * HOUR, offsetAfterMs: 2 * HOUR },
      { at: utc('2026-10-25T01:00:00Z'), offsetBeforeMs: 2 * HOUR, offsetAfterMs: 1 * HOUR },
    ]);
    const newYork = ZoneClock.for('America/New_York').transitionsIn(
      utc('2026-01-01T00:00:00Z'),
      utc('2027-01-01T00:00:00Z'),
    );
    expect(newYork).toEqual([
      { at: utc('2026-03-08T07:00:00Z'), offsetBeforeMs: -5 * HOUR, offsetAfterMs: -4 * HOUR },
      { at: utc('2026-11-01T06:00:00Z'), offsetBeforeMs: -4 * HOUR, offsetAfterMs: -5 * HOUR },
    ]);
    expect(
      ZoneClock.for('UTC').transitionsIn(utc('2020-01-01T00:00:00Z'), utc('2030-01-01T00:00:00Z')),
    ).toEqual([]);
  });

  it('reports the wall-clock times a spring-forward skips', () => {
    const skipped = ZoneClock.for('Europe/Amsterdam').skippedBetween(
      utc('2026-01-01T00:00:00Z'),
      utc('2027-01-01T00:00:00Z'),
    );
    expect(skipped).toEqual([
      {
        at: utc('2026-03-29T01:00:00Z'),
        start: utc('2026-03-29T02:00:00Z'),
        end: utc('2026-03-29T03:00:00Z'),
      },
    ]);
  });

  it.each([
    'Europe/Amsterdam',
    'America/New_York',
    'Australia/Lord_Howe', // 30-minute DST
    'Pacific/Chatham', // +12:45 / +13:45
    'America/Santiago', // transitions at midnight
    'Asia/Kolkata', // no DST
  ])('agrees with luxon on the wall-clock reading every 3 hours of 2026 in %s', (zone) => {
    const clock = ZoneClock.for(zone);
    for (let at = utc('2026-01-01T00:00:00Z'); at < utc('2027-01-01T00:00:00Z'); at += 3 * HOUR) {
      expect(clock.wallOf(at)).toBe(luxonWall(at, zone));
    }
  });

  it.each([
    ['Europe/Amsterdam', '2026-03-29T00:00:00Z', 10],
    ['Europe/Amsterdam', '2026-10-25T00:00:00Z', 10],
    ['America/New_York', '2026-03-08T05:00:00Z', 10],
    ['America/New_York', '2026-11-01T04:00:00Z', 10],
    ['Australia/Lord_Howe', '2026-04-04T14:00:00Z', 10],
    ['Australia/Lord_Howe', '2026-10-03T14:00:00Z', 10],
    ['Pacific/Apia', '2011-12-30T00:00:00Z', 60], // skipped the whole of 30 December
  ])('agrees with a minute-by-minute scan around %s %s', (zone, around, wallStep) => {
    const clock = ZoneClock.for(zone);
    const from = utc(around) - 3 * HOUR;
    for (let at = from; at < from + 30 * HOUR; at += MINUTE) {
      expect(clock.wallOf(at)).toBe(luxonWall(at, zone));
    }
    const firstWall = luxonWall(from, zone);
    for (let wall = firstWall; wall < firstWall + 30 * HOUR; wall += wallStep * MINUTE) {
      expect(clock.firstInstantAtOrAfter(wall)).toBe(scanFirstInstant(wall, zone));
    }
  });

  it('maps a repeated reading to its first instant and a skipped one to the jump', () => {
    const amsterdam = ZoneClock.for('Europe/Amsterdam');
    expect(amsterdam.firstInstantAtOrAfter(utc('2026-10-25T02:30:00Z'))).toBe(
      utc('2026-10-25T00:30:00Z'),
    );
    expect(amsterdam.firstInstantAtOrAfter(utc('2026-03-29T02:30:00Z'))).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(amsterdam.firstInstantAtOrAfter(utc('2026-03-29T02:00:00Z'))).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(amsterdam.firstInstantAtOrAfter(utc('2026-03-29T03:00:00Z'))).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
  });

  it('gives constant-offset segments and marks the second pass of a fall-back', () => {
    const amsterdam = ZoneClock.for('Europe/Amsterdam');
    const summer = amsterdam.segmentAt(utc('2026-07-01T00:00:00Z'));
    expect([summer.start, summer.end, summer.offsetMs]).toEqual([
      utc('2026-03-29T01:00:00Z'),
      utc('2026-10-25T01:00:00Z'),
      2 * HOUR,
    ]);
    expect(summer.repeatedUntil).toBe(summer.start);
    const winter = amsterdam.segmentAt(utc('2026-10-25T01:30:00Z'));
    expect(winter.start).toBe(utc('2026-10-25T01:00:00Z'));
    expect(winter.repeatedUntil).toBe(utc('2026-10-25T02:00:00Z'));
  });

  it('refuses an unknown zone', () => {
    expect(() => ZoneClock.for('Mars/Olympus_Mons')).toThrow(
      "unknown time zone 'Mars/Olympus_Mons'",
    );
  });

  // Node 24+ takes UTC offsets as Intl time zones; they are not zone names.
  it.each(['+02:00', '-0530', '+01'])('refuses the offset %j', (offset) => {
    expect(() => ZoneClock.for(offset)).toThrow(`unknown time zone '${offset}'`);
  });
});
