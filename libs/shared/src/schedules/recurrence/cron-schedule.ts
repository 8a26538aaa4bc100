import { Cron, type CronOptions } from 'croner';

import { ZoneClock, type ZoneSegment } from './zone-clock';

// 'no-wildcard': an expression counts as fixed-time (fires once in a repeated hour, at the first
// instant after a gap) unless its second, minute or hour field holds `*`, `?` or a step. croner's
// default, 'single-value', would treat `30 2,14 * * *` as an interval job and fire it twice at
// 02:30 on the fall-back day and skip it on the spring-forward day.
const CRON_OPTIONS: CronOptions = {
  mode: '5-or-6-parts',
  fixedTimeRule: 'no-wildcard',
  paused: true,
};

const MAX_EXPRESSION_LENGTH = 200;

// Why `expression` is not a usable cron expression, or null when it is.
export function cronExpressionProblem(expression: string): string | null {
  const fields = expression
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return `invalid cron expression: longer than ${MAX_EXPRESSION_LENGTH} characters`;
  }
  if (fields.length !== 5 && fields.length !== 6) {
    return (
      'invalid cron expression: expected 5 fields (minute hour day-of-month month day-of-week) ' +
      `or 6 (second first), got ${fields.length}`
    );
  }
  let wallClock: Cron;
  try {
    wallClock = new Cron(expression, { ...CRON_OPTIONS, utcOffset: 0 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `invalid cron expression: ${reason.replace(/^CronPattern:\s*/, '')}`;
  }
  // The expression has no year field, so one that matches at all matches within 28 years;
  // croner searches until the year 3000.
  if (wallClock.nextRun(new Date(0)) === null) {
    return 'invalid cron expression: it never matches a date (e.g. 30 February)';
  }
  return null;
}

// One cron expression in one time zone. croner (with its timezone option) decides DST; this
// class adds what our rule needs beyond it and a fast path that skips croner's per-call zone
// lookups where the offset cannot change.
export class CronSchedule {
  private readonly zoned: Cron;
  // The same expression on the bare wall clock, with no zone: tells whether the expression
  // matches a wall-clock time that a spring-forward skips.
  private readonly wallClock: Cron;
  private readonly clock: ZoneClock;
  private segment: ZoneSegment | undefined;

  constructor(
    expression: string,
    timeZone: string,
    private readonly fastPath = true,
  ) {
    this.zoned = new Cron(expression, { ...CRON_OPTIONS, timezone: timeZone });
    this.wallClock = new Cron(expression, { ...CRON_OPTIONS, utcOffset: 0 });
    this.clock = ZoneClock.for(timeZone);
  }

  next(after: number): number | null {
    const fast = this.fastPath ? this.nextWithinSegment(after) : undefined;
    return fast !== undefined ? fast : this.nextByCroner(after);
  }

  // Where the offset is constant, local time is a shifted copy of UTC and croner's answer is the
  // next wall-clock match, shifted. Near a transition (the second pass of a fall-back, or a
  // match at or beyond the next transition) this returns undefined and croner decides.
  private nextWithinSegment(after: number): number | undefined {
    if (this.segment === undefined || !this.segment.contains(after)) {
      this.segment = this.clock.segmentAt(after);
    }
    const segment = this.segment;
    if (after < segment.repeatedUntil) return undefined;
    const wall = this.wallClock.nextRun(new Date(segment.wallOf(after)));
    if (wall === null) return undefined;
    const at = segment.instantOf(wall.getTime());
    return at < segment.end ? at : undefined;
  }

  // croner skips a wall-clock time that a spring-forward removes when the expression is an
  // interval one (and, for a fixed-time one, when the jump lands on the next day). Our rule fires
  // it at the moment the clock jumps, once, so the earliest such jump before croner's answer wins.
  private nextByCroner(after: number): number | null {
    const native = this.zoned.nextRun(new Date(after));
    if (native === null) return null;
    const nativeAt = native.getTime();
    for (const skipped of this.clock.skippedBetween(after, nativeAt - 1)) {
      const match = this.wallClock.nextRun(new Date(skipped.start - 1));
      if (match !== null && match.getTime() < skipped.end) return skipped.at;
    }
    return nativeAt;
  }
}
