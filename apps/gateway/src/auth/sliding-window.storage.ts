import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  start: number;
  current: number;
  previous: number;
  blockedUntil: number;
}

interface StorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// Rate-limit counts in O(1) per request: a sliding-window counter (this fixed window's hits plus
// the previous window's, weighted by how much of it the sliding window still covers). The
// library's in-memory storage keeps a timestamp per hit and filters them all on every request,
// which costs O(limit) per request for a busy key. Over the limit, the key is blocked for
// `blockDuration` (Retry-After), as with the library's storage.
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private calls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<StorageRecord> {
    const now = this.now();
    if (++this.calls % 10_000 === 0) this.sweep(now, ttl);
    const id = `${throttlerName}\n${key}`;
    const start = Math.floor(now / ttl) * ttl;
    let w = this.windows.get(id);
    if (!w) {
      w = { start, current: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(id, w);
    } else if (w.start !== start) {
      w.previous = start - w.start === ttl ? w.current : 0;
      w.current = 0;
      w.start = start;
    }
    const timeToExpire = Math.ceil((start + ttl - now) / 1000);
    const estimate = w.previous * (1 - (now - start) / ttl) + w.current;
    if (w.blockedUntil <= now && estimate < limit) {
      w.current++;
      return {
        totalHits: Math.floor(estimate) + 1,
        timeToExpire,
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    if (w.blockedUntil <= now) w.blockedUntil = now + blockDuration;
    return {
      totalHits: Math.ceil(estimate),
      timeToExpire,
      isBlocked: true,
      timeToBlockExpire: Math.max(1, Math.ceil((w.blockedUntil - now) / 1000)),
    };
  }

  // Forgets keys idle for two windows.
  private sweep(now: number, ttl: number): void {
    for (const [id, w] of this.windows)
      if (w.start + 2 * ttl <= now && w.blockedUntil <= now) this.windows.delete(id);
  }
}
