import { IANAZone } from 'luxon';

// A local wall-clock reading encoded as milliseconds since 1970-01-01T00:00 *local*, i.e. the
// reading written as if the zone were UTC. Arithmetic on it is wall-clock arithmetic.
// An IANA zone name. Node 24+ (ECMA-402 offset zones) also takes "+02:00" as a time zone, which
// has no DST rules and is not a zone name: refuse offsets explicitly.
export function isIanaTimeZone(name: string): boolean {
  return !/^[+-]/.test(name) && IANAZone.isValidZone(name);
}

export type WallMs = number;

export interface OffsetTransition {
  at: number;
  offsetBeforeMs: number;
  offsetAfterMs: number;
}

// The wall-clock times a spring-forward transition skips: [start, end).
export interface SkippedWallTimes {
  at: number;
  start: WallMs;
  end: WallMs;
}

interface YearTable {
  startOffsetMs: number;
  transitions: OffsetTransition[];
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const YEAR_SPAN_MS = 366 * DAY_MS;
// Wider than any UTC offset (±14 h) plus the longest gap on record (Pacific/Apia skipped a day).
const WALL_SEARCH_MS = 2 * DAY_MS;

const yearOf = (ms: number): number => new Date(ms).getUTCFullYear();

// A stretch of time in which the zone's offset does not change.
export class ZoneSegment {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly offsetMs: number,
    readonly offsetBeforeMs: number,
  ) {}

  // Instants before this are the second pass of a fall-back: their wall-clock readings already
  // occurred in the previous segment.
  get repeatedUntil(): number {
    return this.start + Math.max(0, this.offsetBeforeMs - this.offsetMs);
  }

  contains(at: number): boolean {
    return at >= this.start && at < this.end;
  }

  wallOf(at: number): WallMs {
    return at + this.offsetMs;
  }

  instantOf(wall: WallMs): number {
    return wall - this.offsetMs;
  }
}

// The wall clock of one IANA zone. The zone's offsets and transitions come from luxon (the
// runtime's tz database); this file is the only place where an offset is added or subtracted.
// Transitions are found by sampling the offset once a day, so two changes of one zone within 24
// hours would be read as one; the tz database has none in the years schedules use.
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();

  static for(timeZone: string): ZoneClock {
    let clock = ZoneClock.clocks.get(timeZone);
    if (clock === undefined) {
      clock = new ZoneClock(timeZone);
      ZoneClock.clocks.set(timeZone, clock);
    }
    return clock;
  }

  private readonly zone: IANAZone;
  private readonly years = new Map<number, YearTable>();

  private constructor(readonly timeZone: string) {
    if (!isIanaTimeZone(timeZone)) throw new RangeError(`unknown time zone '${timeZone}'`);
    this.zone = IANAZone.create(timeZone);
  }

  offsetAt(at: number): number {
    const table = this.year(yearOf(at));
    let offset = table.startOffsetMs;
    for (const transition of table.transitions) {
      if (transition.at > at) break;
      offset = transition.offsetAfterMs;
    }
    return offset;
  }

  wallOf(at: number): WallMs {
    return at + this.offsetAt(at);
  }

  // The first instant whose wall-clock reading is `wall` or later: the instant itself when the
  // reading occurs once, its first instant when it occurs twice (fall back), and the moment the
  // clock jumps when it is skipped (spring forward).
  firstInstantAtOrAfter(wall: WallMs): number {
    let segmentStart = wall - WALL_SEARCH_MS;
    let offset = this.offsetAt(segmentStart);
    for (const transition of this.transitionsIn(segmentStart, wall + WALL_SEARCH_MS)) {
      if (wall < segmentStart + offset) return segmentStart;
      if (wall < transition.at + offset) return wall - offset;
      segmentStart = transition.at;
      offset = transition.offsetAfterMs;
    }
    return wall < segmentStart + offset ? segmentStart : wall - offset;
  }

  segmentAt(at: number): ZoneSegment {
    const before = this.transitionsIn(at - YEAR_SPAN_MS, at);
    const after = this.transitionsIn(at, at + YEAR_SPAN_MS);
    const previous = before[before.length - 1];
    const next = after[0];
    const offset = this.offsetAt(at);
    // Without a transition in the year before, the segment starts a day into that year, so that
    // it cannot start inside the repeated hours of a fall-back just outside it.
    return new ZoneSegment(
      previous?.at ?? at - YEAR_SPAN_MS + DAY_MS,
      next?.at ?? at + YEAR_SPAN_MS,
      offset,
      previous?.offsetBeforeMs ?? offset,
    );
  }

  // Spring-forward transitions with fromExclusive < at <= toInclusive, earliest first.
  skippedBetween(fromExclusive: number, toInclusive: number): SkippedWallTimes[] {
    return this.transitionsIn(fromExclusive, toInclusive)
      .filter((t) => t.offsetAfterMs > t.offsetBeforeMs)
      .map((t) => ({ at: t.at, start: t.at + t.offsetBeforeMs, end: t.at + t.offsetAfterMs }));
  }

  // Transitions with fromExclusive < at <= toInclusive, earliest first.
  transitionsIn(fromExclusive: number, toInclusive: number): OffsetTransition[] {
    const found: OffsetTransition[] = [];
    for (let year = yearOf(fromExclusive); year <= yearOf(toInclusive); year++) {
      for (const transition of this.year(year).transitions) {
        if (transition.at > fromExclusive && transition.at <= toInclusive) found.push(transition);
      }
    }
    return found;
  }

  // Transitions with Jan 1 of `year` < at <= Jan 1 of the next year (UTC).
  private year(year: number): YearTable {
    let table = this.years.get(year);
    if (table === undefined) {
      table = this.scanYear(year);
      this.years.set(year, table);
    }
    return table;
  }

  private scanYear(year: number): YearTable {
    const from = Date.UTC(year, 0, 1);
    const to = Date.UTC(year + 1, 0, 1);
    const startOffsetMs = this.rawOffset(from);
    const transitions: OffsetTransition[] = [];
    let previous = startOffsetMs;
    // A UTC year is a whole number of days, so the last probe is `to` itself.
    for (let probe = from + DAY_MS; probe <= to; probe += DAY_MS) {
      const offset = this.rawOffset(probe);
      if (offset !== previous) {
        transitions.push({
          at: this.findChange(probe - DAY_MS, probe, previous),
          offsetBeforeMs: previous,
          offsetAfterMs: offset,
        });
        previous = offset;
      }
    }
    return { startOffsetMs, transitions };
  }

  // The first whole second in (low, high] whose offset differs from `offsetAtLow`.
  private findChange(low: number, high: number, offsetAtLow: number): number {
    while (high - low > SECOND_MS) {
      const middle = low + Math.floor((high - low) / (2 * SECOND_MS)) * SECOND_MS;
      if (this.rawOffset(middle) === offsetAtLow) low = middle;
      else high = middle;
    }
    return high;
  }

  private rawOffset(at: number): number {
    return this.zone.offset(at) * MINUTE_MS;
  }
}
