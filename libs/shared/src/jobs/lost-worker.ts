import { ERROR_CODES } from '../domain/errors';

// Guarantee 4: a run whose worker died (its lease expired) has spent its attempt. Whoever finds
// it (the reaper, or a worker that takes the lease over) applies the same rule: the next
// attempt, or a failure with WORKER_LOST when none is left.
export type AfterLostWorker =
  | { next: true; attempt: number }
  | { next: false; status: 'failed'; errorCode: typeof ERROR_CODES.workerLost };

export function afterLostWorker(job: { attempt: number; maxAttempts: number }): AfterLostWorker {
  if (job.attempt >= job.maxAttempts)
    return { next: false, status: 'failed', errorCode: ERROR_CODES.workerLost };
  return { next: true, attempt: job.attempt + 1 };
}
