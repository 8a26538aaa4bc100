import type { Weekday, WindowRecurrence } from './recurrence.types';
import { ZoneClock, type WallMs } from './zone-clock';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1_440;

// Date.prototype.getUTCDay numbering: 0 = Sunday.
const DAY_NUMBER: Record<Weekday, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

// Weekdays + a start and end time + every N minutes, in wall-clock time of one zone.
export class WindowSchedule {
  private readonly days: ReadonlySet<number>;
  private readonly startMs: number;
  private readonly stepMs: number;
  private readonly lengthMs: number;
  private readonly wholeDay: boolean;
  private readonly clock: ZoneClock;

  constructor(recurrence: WindowRecurrence) {
    const start = minutesOfDay(recurrence.startTime);
    const end = minutesOfDay(recurrence.endTime);
    const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
    this.days = new Set(recurrence.weekdays.map((day) => DAY_NUMBER[day]));
    if (this.days.size === 0) throw new RangeError('a window needs at least one weekday');
    this.startMs = start * MINUTE_MS;
    this.stepMs = recurrence.everyMinutes * MINUTE_MS;
    this.lengthMs = length * MINUTE_MS;
    this.wholeDay = length === MINUTES_PER_DAY;
    this.clock = ZoneClock.for(recurrence.timeZone);
  }

  // Wall-clock times map to instants monotonically, so the answer is the first wall-clock
  // occurrence whose instant lies after `after`. That is normally the first one after the
  // wall-clock reading of `after`; in the second pass of a fall-back the repeated readings
  // already fired on the first pass and are stepped over.
  next(after: number): number {
    let wall = this.clock.wallOf(after);
    for (;;) {
      wall = this.nextWall(wall);
      const at = this.clock.firstInstantAtOrAfter(wall);
      if (at > after) return at;
    }
  }

  // The first wall-clock occurrence later than `wall`. Windows are at most 24 hours long and
  // start on different days, so they never overlap and the first day with a hit has the answer;
  // the scan starts a day early for a window that wraps past midnight.
  private nextWall(wall: WallMs): WallMs {
    const today = Math.floor(wall / DAY_MS) * DAY_MS;
    for (let day = today - DAY_MS; ; day += DAY_MS) {
      if (!this.days.has(new Date(day).getUTCDay())) continue;
      const windowStart = day + this.startMs;
      const steps = wall < windowStart ? 0 : Math.floor((wall - windowStart) / this.stepMs) + 1;
      const offset = steps * this.stepMs;
      if (this.wholeDay ? offset < this.lengthMs : offset <= this.lengthMs) {
        return windowStart + offset;
      }
    }
  }
}
