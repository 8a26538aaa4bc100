import { sleep } from '@shopsync/shared';

// Monotonic time and sleeping, injected so the limiter and backoff are testable without waiting.
// `sleep` ends early when the signal aborts: callers check it (a bulk query still cancels its
// operation on Shopify's side).
export interface Timer {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimer: Timer = { now: () => performance.now(), sleep };
