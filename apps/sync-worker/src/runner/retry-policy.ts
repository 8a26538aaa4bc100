import { DomainError, ERROR_CODES, errorKind } from '@shopsync/shared';

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

// Transient errors (network, 5xx, throttling, a lost lease) are retried while attempts remain;
// permanent ones (bad input, 401/403, not found, not implemented) fail at once.
export interface RetryJob {
  attempt: number;
  maxAttempts: number;
  rerunDelaySeconds: number;
  retryBackoff: 'fixed' | 'exponential';
}

export function decideRetry(
  error: unknown,
  job: RetryJob,
  random: () => number = Math.random,
): RetryDecision {
  const transient = errorKind(error) === 'transient';
  if (!transient || job.attempt >= job.maxAttempts) return { retry: false, delayMs: 0 };
  const base = job.rerunDelaySeconds * 1000;
  if (job.retryBackoff === 'fixed') return { retry: true, delayMs: base };
  // Exponential with up to 20 % jitter on top, never below the configured rerun delay.
  const exp = Math.min(base * 2 ** (job.attempt - 1), 3600_000);
  return { retry: true, delayMs: Math.round(exp + exp * 0.2 * random()) };
}

export function errorCodeOf(error: unknown): string {
  return error instanceof DomainError ? error.code : ERROR_CODES.internal;
}
