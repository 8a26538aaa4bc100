import type { JobEntity } from '../database/entities/job.entity';

// What a succeeded job did with its records, for people reading the job: a run can succeed
// while every record it looked at was skipped or failed (an order with an unknown SKU, a product
// no ERP item matches), and the job's status alone would then read as "all fine".
//   complete    no record was skipped or failed
//   partial     some were, others went through
//   all-failed  every record the run processed was skipped or failed
// null for jobs that did not succeed (their status says enough) or report no records.
export type RecordsOutcome = 'complete' | 'partial' | 'all-failed';

type OutcomeSource = Pick<JobEntity, 'status' | 'summary' | 'progressProcessed'>;

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;

export function recordsOutcome(job: OutcomeSource): RecordsOutcome | null {
  if (job.status !== 'succeeded' || !job.summary) return null;
  const failed = count(job.summary.skipped) + count(job.summary.failed);
  if (failed === 0) return 'complete';
  const processed = job.progressProcessed;
  // A handler that reports progress counts every record it looked at, the failed ones included.
  if (processed !== null && processed !== undefined)
    return failed >= processed ? 'all-failed' : 'partial';
  const done = ['created', 'updated', 'imported', 'changed', 'fulfilled', 'recorded'].reduce(
    (sum, key) => sum + count(job.summary?.[key]),
    0,
  );
  return done === 0 ? 'all-failed' : 'partial';
}
