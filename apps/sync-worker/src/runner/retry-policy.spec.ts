import { DomainError, ERROR_CODES, messageWithCause, TaskNotImplemented } from '@shopsync/shared';
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

describe('messageWithCause', () => {
  it("adds a network error's cause (fetch says only 'terminated')", () => {
    const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(messageWithCause(new TypeError('terminated', { cause }))).toBe(
      'terminated (UND_ERR_SOCKET: other side closed)',
    );
    expect(
      messageWithCause(new TypeError('fetch failed', { cause: new Error('ECONNRESET') })),
    ).toBe('fetch failed (ECONNRESET)');
  });

  it("keeps a domain error's own message, and a plain error's", () => {
    const domain = new DomainError(ERROR_CODES.internal, 'boom', 'transient');
    (domain as { cause?: unknown }).cause = new Error('inner');
    expect(messageWithCause(domain)).toBe('boom');
    expect(messageWithCause(new Error('plain'))).toBe('plain');
    expect(messageWithCause('text')).toBe('text');
  });
});
