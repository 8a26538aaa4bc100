import type { FieldError } from '../domain/errors';
import { calendarDayExists } from '../domain/calendar';
import { isTask } from '../domain/tasks';
import type { ShopSettingsV1 } from '../settings/shop-settings.v1';
import { TIMEOUT_BOUNDS } from '../settings/timeout-settings.v1';

// How far ahead a delayed job may be asked for (`notBefore`, `expiresAt`).
export const MAX_DELAY_DAYS = 365;
const DAY_MS = 86_400_000;
// A date-time with its offset: a time without one would be read in the server's time zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

// A request's own timing, as sent (HTTP body, batch item, Kafka command).
export interface JobTimingInput {
  timeoutSeconds?: number;
  notBefore?: string;
  expiresAt?: string;
}

export interface JobTiming {
  timeoutSeconds: number | null;
  notBefore: Date | null;
  expiresAt: Date | null;
}

// Reads and checks a request's timing against `now`: a timeout within TIMEOUT_BOUNDS; ISO 8601
// date-times with an offset, at most MAX_DELAY_DAYS ahead; an expiresAt in the future and after
// notBefore. A notBefore in the past starts at once. Fields are named `${prefix}<field>`.
export function readJobTiming(
  input: JobTimingInput,
  now: Date,
  prefix = '',
): { timing: JobTiming; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const limit = now.getTime() + MAX_DELAY_DAYS * DAY_MS;
  const date = (field: 'notBefore' | 'expiresAt'): Date | null => {
    const raw = input[field];
    if (raw === undefined || raw === null) return null;
    const at =
      typeof raw === 'string' && DATE_TIME.test(raw) && calendarDayExists(raw)
        ? new Date(raw)
        : null;
    if (!at || Number.isNaN(at.getTime())) {
      errors.push({
        field: prefix + field,
        message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
      });
      return null;
    }
    if (at.getTime() > limit) {
      errors.push({
        field: prefix + field,
        message: `must be at most ${MAX_DELAY_DAYS} days ahead`,
      });
      return null;
    }
    return at;
  };
  const notBefore = date('notBefore');
  const expiresAt = date('expiresAt');
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    errors.push({ field: prefix + 'expiresAt', message: 'must be in the future' });
  else if (expiresAt && notBefore && expiresAt.getTime() <= notBefore.getTime())
    errors.push({ field: prefix + 'expiresAt', message: 'must be after notBefore' });
  const timeout = input.timeoutSeconds;
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) ||
      timeout < TIMEOUT_BOUNDS.minSeconds ||
      timeout > TIMEOUT_BOUNDS.maxSeconds)
  )
    errors.push({
      field: prefix + 'timeoutSeconds',
      message: `must be a whole number of seconds from ${TIMEOUT_BOUNDS.minSeconds} to ${TIMEOUT_BOUNDS.maxSeconds}`,
    });
  return {
    timing: {
      timeoutSeconds: timeout ?? null,
      // A start time already passed is no delay at all.
      notBefore: notBefore && notBefore.getTime() > now.getTime() ? notBefore : null,
      expiresAt,
    },
    errors,
  };
}

// How long one attempt of the job may run: its request's own timeout, else its task's
// setting (settings.timeouts, read when the attempt starts).
export function jobTimeout(
  job: { task: string; timeoutSeconds: number | null },
  settings: ShopSettingsV1,
): { seconds: number; source: string } {
  if (job.timeoutSeconds !== null) return { seconds: job.timeoutSeconds, source: 'the request' };
  const seconds = isTask(job.task) ? settings.timeouts[job.task] : TIMEOUT_BOUNDS.maxSeconds;
  return { seconds, source: `settings.timeouts.${job.task}` };
}

// What an unstarted job's timing says now: start it, wait for its notBefore, or end it expired.
export function timingState(
  job: { notBefore: Date | null; expiresAt: Date | null; startedAt: Date | null },
  now: Date,
): 'due' | 'early' | 'expired' {
  if (job.startedAt) return 'due';
  if (job.expiresAt && job.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (job.notBefore && job.notBefore.getTime() > now.getTime()) return 'early';
  return 'due';
}
