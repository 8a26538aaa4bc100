import {
  DomainError,
  ERROR_CODES,
  isTerminal,
  JobEntity,
  JsonObject,
  messageWithCause,
} from '@shopsync/shared';
import { decideRetry, errorCodeOf, RetryJob } from './retry-policy';

export type StopReason = 'cancelled' | 'lease-lost' | 'shutdown' | 'timeout';
export type RunOutcome = { ok: true; summary?: JsonObject } | { ok: false; error: unknown };

export interface ConcludeInput {
  job: RetryJob;
  outcome: RunOutcome;
  // Why the run was stopped, if it was: the first reason wins.
  stopReason?: StopReason;
  // The attempt's timeout and where it came from (the request, or settings.timeouts.<task>).
  timeout?: { seconds: number; source: string };
  progress: { processed: number | null; total: number | undefined };
  skipped: { records: Array<{ record: string; reason: string }>; count: number };
  now: Date;
  random?: () => number;
}

export type Conclusion =
  // The run lost its lease: another run owns the job, nothing is written.
  | { kind: 'drop' }
  // The worker is shutting down: the job is queued again and its message comes back.
  | { kind: 'hand-back' }
  // The outcome to record under the fencing token; a success also starts the chained jobs.
  | { kind: 'finish'; patch: Partial<JobEntity>; chain: boolean };

// What a finished run means for its job, decided from the run alone (no I/O): a handler that
// succeeded wins over a stop that came too late to matter; a stopped run is handed back or
// cancelled; a failure is retried while it is transient and attempts remain, else it fails.
export function conclude(input: ConcludeInput): Conclusion {
  const { outcome, stopReason, job } = input;
  if (stopReason === 'lease-lost') return { kind: 'drop' };
  const { processed, total } = input.progress;
  const progress =
    processed === null ? {} : { progressProcessed: processed, progressTotal: total ?? null };
  const skipped = input.skipped.count
    ? { skippedRecords: input.skipped.records, skipped: input.skipped.count }
    : {};
  if (outcome.ok) {
    const summary = { ...(outcome.summary ?? {}), ...skipped };
    return { kind: 'finish', patch: { status: 'succeeded', summary, ...progress }, chain: true };
  }
  if (stopReason === 'shutdown') return { kind: 'hand-back' };
  if (stopReason === 'cancelled')
    return {
      kind: 'finish',
      patch: {
        status: 'cancelled',
        error: 'cancelled while running',
        errorCode: ERROR_CODES.cancelled,
        ...progress,
      },
      chain: false,
    };
  // A run stopped by its timeout fails TIMEOUT, whatever the handler threw when it stopped,
  // and is retried like any transient failure.
  const failure = stopReason === 'timeout' ? timedOut(input.timeout) : outcome.error;
  const error = messageWithCause(failure);
  const errorCode = errorCodeOf(failure);
  const decision = decideRetry(failure, job, input.random);
  if (decision.retry) {
    const nextAttemptAt = new Date(input.now.getTime() + decision.delayMs);
    return {
      kind: 'finish',
      patch: { status: 'retry-scheduled', nextAttemptAt, error, errorCode, ...progress },
      chain: false,
    };
  }
  const summary = Object.keys(skipped).length ? skipped : null;
  return {
    kind: 'finish',
    patch: { status: 'failed', error, errorCode, summary, ...progress },
    chain: false,
  };
}

function timedOut(timeout: ConcludeInput['timeout']): DomainError {
  const after = timeout ? ` after ${timeout.seconds} s (timeout from ${timeout.source})` : '';
  return new DomainError(ERROR_CODES.timeout, `timed out${after}`, 'transient');
}

// The full write of an outcome: when it finished, and that no worker holds the job any more.
export function finishedPatch(patch: Partial<JobEntity>, now: Date): Partial<JobEntity> {
  const terminal = patch.status !== undefined && isTerminal(patch.status);
  return { ...patch, finishedAt: terminal ? now : null, updatedAt: now, workerId: null };
}

// The job log line that records an outcome.
export function outcomeLogLine(
  patch: Partial<JobEntity>,
  attempt: number,
): { attempt: number; level: 'info' | 'error'; message: string; data?: JsonObject } {
  return {
    attempt,
    level: patch.status === 'failed' ? 'error' : 'info',
    message: describeOutcome(patch),
    data: patch.error ? { error: patch.error } : undefined,
  };
}

function describeOutcome(patch: Partial<JobEntity>): string {
  if (patch.status === 'retry-scheduled')
    return `attempt failed; retry at ${patch.nextAttemptAt?.toISOString()}: ${patch.error}`;
  if (patch.status === 'failed') return `failed: ${patch.error}`;
  return patch.status ?? 'updated';
}
