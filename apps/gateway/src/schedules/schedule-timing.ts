import { nextOccurrence, type ScheduleEntity } from '@shopsync/shared';

type Timing = Pick<
  ScheduleEntity,
  'recurrence' | 'earliestStartAt' | 'expiresAt' | 'lastScheduledAt'
>;

// The first occurrence a new, edited or resumed schedule waits for: strictly after now and
// after any occurrence already dealt with, at or after earliestStartAt, at or before expiresAt.
// null when none is left. Occurrences while it was paused are not caught up.
export function firstRunAt(schedule: Timing, now: Date): Date | null {
  let after = now.getTime();
  if (schedule.lastScheduledAt) after = Math.max(after, schedule.lastScheduledAt.getTime());
  if (schedule.earliestStartAt) after = Math.max(after, schedule.earliestStartAt.getTime() - 1);
  const next = nextOccurrence(schedule.recurrence, new Date(after));
  if (next === null) return null;
  return schedule.expiresAt !== null && next > schedule.expiresAt ? null : next;
}
