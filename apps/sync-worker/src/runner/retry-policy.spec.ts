import { DomainError, ERROR_CODES, TaskNotImplemented } from '@shopsync/shared';
import { decideRetry } from './retry-policy';

const job = { attempt: 1, maxAttempts: 3, rerunDelaySeconds: 10, retryBackoff: 'fixed' as const };

describe('decideRetry', () => {
  it('retries a transient error after the rerun delay while attempts remain', () => {
    expect(decideRetry(new Error('ECONNRESET'), job)).toEqual({ retry: true, delayMs: 10_000 });
    expect(
      decideRetry(new DomainError(ERROR_CODES.shopifyThrottled, 'throttled', 'transient'), job)
        .retry,
    ).toBe(true);
  });

  it('fails at once on a permanent error', () => {
    expect(decideRetry(new TaskNotImplemented('orders'), job).retry).toBe(false);
    expect(decideRetry(Object.assign(new Error('401'), { kind: 'permanent' }), job).retry).toBe(
      false,
    );
  });

  it('stops when attempts are spent', () => {
    expect(decideRetry(new Error('x'), { ...job, attempt: 3 }).retry).toBe(false);
  });

  it('backs off exponentially with bounded jitter, never below the rerun delay', () => {
    const exp = { ...job, retryBackoff: 'exponential' as const, maxAttempts: 10 };
    expect(decideRetry(new Error('x'), { ...exp, attempt: 1 }, () => 0).delayMs).toBe(10_000);
    expect(decideRetry(new Error('x'), { ...exp, attempt: 3 }, () => 0).delayMs).toBe(40_000);
    expect(decideRetry(new Error('x'), { ...exp, attempt: 3 }, () => 1).delayMs).toBe(48_000);
  });
});
