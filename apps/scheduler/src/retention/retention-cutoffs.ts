import type { JobStatus } from '@shopsync/shared';
import type { RetentionSettings } from '../config/scheduler-env';

const DAY_MS = 86_400_000;

// Each class of finished job with how long it is kept. Only finished statuses appear here: a
// queued, delayed, running or retry-scheduled job is never purged, however old.
export const SUCCEEDED_LIKE: readonly JobStatus[] = [
  'succeeded',
  'cancelled',
  'skipped',
  'expired',
];
export const FAILED: readonly JobStatus[] = ['failed'];

export interface RetentionCutoffs {
  // Jobs of these statuses finished before `before` are purged.
  jobs: Array<{ statuses: readonly JobStatus[]; before: Date }>;
  // Occurrence records written before this are purged.
  occurrencesBefore: Date;
}

export function retentionCutoffs(now: Date, settings: RetentionSettings): RetentionCutoffs {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    jobs: [
      { statuses: SUCCEEDED_LIKE, before: ago(settings.succeededDays) },
      { statuses: FAILED, before: ago(settings.failedDays) },
    ],
    occurrencesBefore: ago(settings.failedDays),
  };
}
