import {
  nextOccurrence,
  occurrencesBetween,
  type JobStatus,
  type OccurrenceOutcome,
  type OverlapPolicy,
  type ScheduleEntity,
} from '@shopsync/shared';

// At most this many occurrences are dealt with per claim; a longer backlog (a per-second cron
// after a long outage) is worked off over the following claims.
export const MAX_OCCURRENCES_PER_CLAIM = 5_000;

export interface MissedOccurrence {
  at: Date;
  reason: string;
}

export interface OccurrencePlan {
  // Due occurrences that will not run, oldest first.
  missed: MissedOccurrence[];
  // The one due occurrence that may run (the overlap policy still decides), or null.
  run: Date | null;
  // The latest occurrence this plan deals with, or null when it deals with none.
  latest: Date | null;
  // The next occurrence, counted from the latest *scheduled* one; null when none is left.
  nextRunAt: Date | null;
}

type PlanInput = Pick<
  ScheduleEntity,
  'recurrence' | 'nextRunAt' | 'expiresAt' | 'catchUpWindowSeconds'
>;

// What to do with a schedule whose nextRunAt has come. Every due occurrence up to `now` (and
// not after expiry) is dealt with once. Only the latest can run, and only while it is at most
// max(catch-up window, grace) old: after downtime the occurrences inside the window run once
// in total, as the latest of them; the others are missed.
export function planOccurrences(
  schedule: PlanInput,
  now: Date,
  graceMs: number,
  limit = MAX_OCCURRENCES_PER_CLAIM,
): OccurrencePlan {
  const first = schedule.nextRunAt;
  const expiresAt = schedule.expiresAt;
  const none: OccurrencePlan = { missed: [], run: null, latest: null, nextRunAt: first };
  if (first === null || first > now) return none;
  if (expiresAt !== null && first > expiresAt) return { ...none, nextRunAt: null };

  const horizon = expiresAt !== null && expiresAt < now ? expiresAt : now;
  const due = [first, ...occurrencesBetween(schedule.recurrence, first, horizon, limit - 1)];
  const latest = due[due.length - 1];
  const following = afterOrNull(schedule, latest);
  const windowMs = Math.max(schedule.catchUpWindowSeconds * 1000, graceMs);
  // A cut-off backlog: everything here is older than what follows, so none of it runs.
  const truncated = due.length >= limit && following !== null && following <= horizon;
  const run = !truncated && now.getTime() - latest.getTime() <= windowMs ? latest : null;
  const reason = (at: Date): string => {
    if (now.getTime() - at.getTime() > windowMs)
      return `scheduler was not running; older than the catch-up window (${schedule.catchUpWindowSeconds} s)`;
    return run === null
      ? 'scheduler was not running; coalesced into a later catch-up run'
      : `scheduler was not running; coalesced into the catch-up run of ${run.toISOString()}`;
  };
  const missed = due.filter((at) => at !== run).map((at) => ({ at, reason: reason(at) }));
  return { missed, run, latest, nextRunAt: following };
}

function afterOrNull(schedule: PlanInput, scheduled: Date): Date | null {
  const next = nextOccurrence(schedule.recurrence, scheduled);
  if (next === null) return null;
  return schedule.expiresAt !== null && next > schedule.expiresAt ? null : next;
}

const WAITING: readonly JobStatus[] = ['queued', 'retry-scheduled'];

export interface OverlapDecision {
  outcome: Extract<OccurrenceOutcome, 'fired' | 'buffered' | 'skipped'>;
  reason: string | null;
}

// The overlap policy, judged on the schedule's latest job (its jobs share one shop+category
// key, so they run in order: when the latest has finished, all have).
// skip: nothing new while it is queued, waiting for a retry or running.
// buffer-one: while it runs, one new job may wait behind it; if it is itself still waiting,
// that is the one waiting job, so the occurrence is skipped.
// allow: always a new job.
export function overlapDecision(
  policy: OverlapPolicy,
  latestJob: { id: string; status: JobStatus } | null,
): OverlapDecision {
  if (policy === 'allow' || latestJob === null) return { outcome: 'fired', reason: null };
  const { id, status } = latestJob;
  const waiting = WAITING.includes(status);
  if (!waiting && status !== 'running') return { outcome: 'fired', reason: null };
  if (policy === 'skip')
    return { outcome: 'skipped', reason: `previous job ${id} is still ${status}` };
  if (waiting) return { outcome: 'skipped', reason: `job ${id} is already waiting (${status})` };
  return { outcome: 'buffered', reason: `waits behind job ${id}, still running` };
}
