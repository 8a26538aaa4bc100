import type { JobEntity } from '../database/entities';
import type { JobStatus } from '../domain/tasks';

// Statuses in which a strict job holds its key; a failed one too, until it is acknowledged (or
// retried: its retry takes the hold over). A delayed one keeps its place: the later jobs of its
// key wait behind it until it has run (or expired, or was cancelled).
const HOLDING: readonly JobStatus[] = ['queued', 'running', 'retry-scheduled', 'delayed'];

export function holdsKey(job: Pick<JobEntity, 'ordering' | 'status' | 'acknowledgedAt'>): boolean {
  return (
    job.ordering === 'strict' &&
    (HOLDING.includes(job.status) || (job.status === 'failed' && !job.acknowledgedAt))
  );
}

// What a job's new status does to its key's hold: a strict job holds it while it waits for a
// retry or has failed, and lets go once it settled. Lenient jobs never hold a key.
export function holdAfter(
  job: Pick<JobEntity, 'ordering'>,
  status: JobStatus | undefined,
): 'set' | 'clear' | null {
  if (job.ordering !== 'strict' || !status) return null;
  return status === 'retry-scheduled' ||
    status === 'failed' ||
    status === 'queued' ||
    status === 'delayed'
    ? 'set'
    : 'clear';
}

// SQL, true for a queued job of alias `j` that another job of its key holds back: one runs
// under the key's lease, or a strict one holds the key and still holds it. One lease row by
// primary key and at most one job by primary key per job: cheap, and the same on PostgreSQL and
// SQLite. `waiting` is read this way, never stored (see JOB_VIEW_STATUSES).
export function waitingSql(j: string): string {
  return `EXISTS (SELECT 1 FROM leases wl WHERE wl.key = ${j}."shopId" || '/' || ${j}.category
    AND ((wl."jobId" IS NOT NULL AND wl."jobId" <> ${j}.id)
      OR (wl."holdJobId" IS NOT NULL AND wl."holdJobId" <> ${j}.id AND EXISTS (
        SELECT 1 FROM jobs wh WHERE wh.id = wl."holdJobId" AND wh.ordering = 'strict'
          AND (wh.status IN (${HOLDING.map((s) => `'${s}'`).join(', ')})
            OR (wh.status = 'failed' AND wh."acknowledgedAt" IS NULL))))))`;
}
