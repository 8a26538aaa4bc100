import { ShopCostLimiter } from './cost-limiter';
import { FakeTimer } from './testing';

describe('ShopCostLimiter', () => {
  it('spends a full bucket without waiting, then waits (need - available) / restoreRate', async () => {
    const timer = new FakeTimer();
    const limiter = new ShopCostLimiter({ maximumAvailable: 100, restoreRate: 10 }, timer);
    for (let i = 0; i < 10; i++) expect((await limiter.reserve(10)).waitedMs).toBe(0);
    const next = await limiter.reserve(30);
    expect(next).toEqual({ reserved: 30, waitedMs: 3000 });
  });

  it('gives back what a call did not spend and believes Shopify when it reports less', async () => {
    const timer = new FakeTimer();
    const limiter = new ShopCostLimiter({ maximumAvailable: 1000, restoreRate: 50 }, timer);
    const r = await limiter.reserve(102);
    limiter.settle(r.reserved, 12);
    expect(limiter.state.available).toBe(988);
    // Another worker drained the shared bucket: Shopify's figure wins.
    limiter.settle(0, 0, { maximumAvailable: 2000, currentlyAvailable: 150, restoreRate: 100 });
    expect(limiter.state).toEqual({ available: 150, maximum: 2000, restoreRate: 100 });
    expect((await limiter.reserve(250)).waitedMs).toBe(1000);
  });

  it('serves callers in order and scales refill time for a time-scaled simulator', async () => {
    const timer = new FakeTimer();
    const limiter = new ShopCostLimiter({ maximumAvailable: 100, restoreRate: 10 }, timer, 10);
    await limiter.reserve(100);
    const order: number[] = [];
    await Promise.all([
      limiter.reserve(50).then(() => order.push(1)),
      limiter.reserve(10).then(() => order.push(2)),
    ]);
    expect(order).toEqual([1, 2]);
    // 60 points at 10 × 10 points/s.
    expect(timer.current).toBe(600);
  });

  it('never asks for more than the bucket holds', async () => {
    const limiter = new ShopCostLimiter(
      { maximumAvailable: 100, restoreRate: 10 },
      new FakeTimer(),
    );
    expect(await limiter.reserve(5000)).toEqual({ reserved: 100, waitedMs: 0 });
  });

  it('stops waiting when the job is cancelled', async () => {
    const limiter = new ShopCostLimiter({ maximumAvailable: 10, restoreRate: 1 }, new FakeTimer());
    await limiter.reserve(10);
    const abort = new AbortController();
    abort.abort();
    await expect(limiter.reserve(10, abort.signal)).rejects.toThrow();
  });
});
