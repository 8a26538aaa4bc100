import { DomainError, ERROR_CODES } from '../domain/errors';
import type { ShopifyOutcome } from './shopify-outcome';
import { backoffMs, ShopifyRetryOptions, withShopifyRetry } from './shopify-retry';

const success: ShopifyOutcome = { kind: 'success', data: { ok: true } };
const unavailable: ShopifyOutcome = { kind: 'transient', cause: 'server', message: 'HTTP 503' };
const throttled = (restoreMs?: number): ShopifyOutcome => ({
  kind: 'throttled',
  message: 'Throttled',
  restoreMs,
});

// Answers in turn; the sleeps are recorded, not waited.
function run(answers: ShopifyOutcome[], options: Partial<ShopifyRetryOptions> = {}) {
  const slept: number[] = [];
  const attempts: number[] = [];
  const result = withShopifyRetry(
    async (attempt) => {
      attempts.push(attempt);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next;
    },
    {
      maxAttempts: 4,
      backoffBaseMs: 100,
      random: () => 1,
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...options,
    },
  );
  return { result, slept, attempts };
}

describe('withShopifyRetry', () => {
  it('returns the first final answer', async () => {
    const { result, attempts } = run([success, unavailable]);
    await expect(result).resolves.toEqual({ outcome: success, attempts: 1 });
    expect(attempts).toEqual([1]);
  });

  it('retries transient answers with doubling backoff until one succeeds', async () => {
    const { result, slept } = run([unavailable, unavailable, unavailable, success]);
    await expect(result).resolves.toMatchObject({ outcome: success, attempts: 4 });
    expect(slept).toEqual([100, 200, 400]);
  });

  it('stops after maxAttempts with the last transient answer', async () => {
    const { result, attempts, slept } = run(Array(10).fill(unavailable), { maxAttempts: 3 });
    await expect(result).resolves.toEqual({ outcome: unavailable, attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(slept).toHaveLength(2);
  });

  it('does not retry final failures', async () => {
    for (const final of [
      { kind: 'unauthorized', message: 'HTTP 401', httpStatus: 401 },
      { kind: 'permanent', message: 'HTTP 400', httpStatus: 400, codes: [] },
      { kind: 'user-errors', data: {}, userErrors: [{ message: 'taken' }] },
    ] as ShopifyOutcome[]) {
      const { result, attempts } = run([final, success]);
      await expect(result).resolves.toEqual({ outcome: final, attempts: 1 });
      expect(attempts).toEqual([1]);
    }
  });

  it('honours Retry-After on 429', async () => {
    const limited: ShopifyOutcome = {
      kind: 'transient',
      cause: 'rate-limited',
      message: 'HTTP 429',
      retryAfterMs: 2000,
    };
    const { result, slept } = run([limited, success]);
    await result;
    expect(slept).toEqual([2000]);
  });

  it('sleeps until the bucket is restored, unless a limiter waits for it', async () => {
    const own = run([throttled(350), success]);
    await own.result;
    expect(own.slept).toEqual([350]);
    const limited = run([throttled(350), success], { limiterWaitsForBucket: true });
    await limited.result;
    expect(limited.slept).toEqual([]);
  });

  it('backs off on THROTTLED without figures', async () => {
    const { result, slept } = run([throttled(), success]);
    await result;
    expect(slept).toEqual([100]);
  });

  it('keeps separate budgets for THROTTLED and transient answers', async () => {
    const { result, attempts } = run(
      [throttled(0), throttled(0), unavailable, throttled(0), success],
      { maxAttempts: 2, maxThrottledAttempts: 4 },
    );
    await expect(result).resolves.toMatchObject({ outcome: success, attempts: 5 });
    expect(attempts).toHaveLength(5);
    const spent = run(Array(9).fill(throttled(0)), { maxAttempts: 9, maxThrottledAttempts: 3 });
    await expect(spent.result).resolves.toMatchObject({ attempts: 3 });
  });

  it('reports each retry with its wait', async () => {
    const retries: Array<{ attempt: number; waitMs: number }> = [];
    const { result } = run([unavailable, unavailable, success], {
      onRetry: ({ attempt, waitMs }) => retries.push({ attempt, waitMs }),
    });
    await result;
    expect(retries).toEqual([
      { attempt: 1, waitMs: 100 },
      { attempt: 2, waitMs: 200 },
    ]);
  });

  it('ends a backoff at once when cancelled, as a cancellation', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const pending = withShopifyRetry(async () => unavailable, {
      maxAttempts: 5,
      backoffBaseMs: 60_000,
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ERROR_CODES.cancelled);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not call when already cancelled', async () => {
    const { result, attempts } = run([success], { signal: AbortSignal.abort() });
    await expect(result).rejects.toMatchObject({ code: ERROR_CODES.cancelled });
    expect(attempts).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap, jittered between half and all of it', () => {
    const options = { backoffBaseMs: 100, backoffMaxMs: 1000 };
    for (const [retry, full] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1000],
      [12, 1000],
    ]) {
      expect(backoffMs(retry, { ...options, random: () => 0 })).toBe(full / 2);
      expect(backoffMs(retry, { ...options, random: () => 1 })).toBe(full);
      const jittered = backoffMs(retry, options);
      expect(jittered).toBeGreaterThanOrEqual(full / 2);
      expect(jittered).toBeLessThanOrEqual(full);
    }
  });
});
