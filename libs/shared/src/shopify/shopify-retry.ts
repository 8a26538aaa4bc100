import { DomainError, ERROR_CODES } from '../domain/errors';
import { sleep as realSleep } from '../clock/sleep';
import { isRetryable, RetryableOutcome, ShopifyOutcome } from './shopify-outcome';

export interface ShopifyRetryOptions {
  // Attempts in all while the answers are transient, the first included.
  maxAttempts: number;
  // The same for THROTTLED (waiting for the bucket is routine); maxAttempts when not given.
  maxThrottledAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  signal?: AbortSignal;
  // Injected by the worker's virtual timer; ends early when the signal aborts.
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  // The worker's cost limiter waits for the bucket before the next call, so no sleep here.
  limiterWaitsForBucket?: boolean;
  onRetry?: (retry: { attempt: number; outcome: RetryableOutcome; waitMs: number }) => void;
}

export interface ShopifyRetryResult {
  // The last answer: final, or retryable with the attempts spent.
  outcome: ShopifyOutcome;
  attempts: number;
}

// Calls until the answer is final or the attempts are spent, waiting between tries: Retry-After
// for 429, the bucket's restore time for THROTTLED, otherwise exponential backoff with jitter.
export async function withShopifyRetry(
  call: (attempt: number) => Promise<ShopifyOutcome>,
  options: ShopifyRetryOptions,
): Promise<ShopifyRetryResult> {
  const sleep = options.sleep ?? realSleep;
  const { signal } = options;
  let transient = 0;
  let throttled = 0;
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    const outcome = await call(attempt);
    if (outcome.kind === 'success' || outcome.kind === 'user-errors')
      return { outcome, attempts: attempt };
    throwIfCancelled(signal);
    if (!isRetryable(outcome)) return { outcome, attempts: attempt };
    const spent =
      outcome.kind === 'throttled'
        ? ++throttled >= (options.maxThrottledAttempts ?? options.maxAttempts)
        : ++transient >= options.maxAttempts;
    if (spent) return { outcome, attempts: attempt };
    const waitMs = waitBefore(outcome, transient, options);
    options.onRetry?.({ attempt, outcome, waitMs });
    // An abort ends the sleep; the next turn reports the cancellation.
    if (waitMs > 0) await sleep(waitMs, signal);
  }
}

function waitBefore(
  outcome: RetryableOutcome,
  transientRetries: number,
  options: ShopifyRetryOptions,
): number {
  if (outcome.kind === 'transient' && outcome.retryAfterMs !== undefined)
    return outcome.retryAfterMs;
  if (outcome.kind === 'throttled' && outcome.restoreMs !== undefined)
    return options.limiterWaitsForBucket ? 0 : outcome.restoreMs;
  return backoffMs(transientRetries, options);
}

// base·2^(n-1), capped, then between half and all of it so that callers spread out.
export function backoffMs(
  retry: number,
  options: Pick<ShopifyRetryOptions, 'backoffBaseMs' | 'backoffMaxMs' | 'random'> = {},
): number {
  const base = options.backoffBaseMs ?? 500;
  const cap = options.backoffMaxMs ?? 10_000;
  const ms = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
  return ms * (0.5 + 0.5 * (options.random ?? Math.random)());
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new DomainError(ERROR_CODES.cancelled, 'the Shopify call was cancelled', 'permanent');
}
