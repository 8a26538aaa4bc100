import { SlidingWindowStorage } from './sliding-window.storage';

describe('SlidingWindowStorage', () => {
  const minute = 60_000;

  it('allows up to the limit in a window, then blocks with a Retry-After', async () => {
    let now = 10 * minute;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 1; i <= 5; i++) {
      const r = await storage.increment('k', minute, 5, minute, 'default');
      expect(r).toMatchObject({ isBlocked: false, totalHits: i });
    }
    const blocked = await storage.increment('k', minute, 5, minute, 'default');
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.timeToBlockExpire).toBe(60);
    now += 30_000;
    expect((await storage.increment('k', minute, 5, minute, 'default')).timeToBlockExpire).toBe(30);
  });

  it('counts the previous window by how much of it still overlaps', async () => {
    let now = 10 * minute;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 0; i < 10; i++) await storage.increment('k', minute, 10, minute, 'default');
    // A quarter into the next window, three quarters of the old 10 hits still count.
    now = 11 * minute + 15_000;
    const r = await storage.increment('k', minute, 10, minute, 'default');
    expect(r).toMatchObject({ isBlocked: false, totalHits: 8 });
    await storage.increment('k', minute, 10, minute, 'default');
    await storage.increment('k', minute, 10, minute, 'default');
    expect((await storage.increment('k', minute, 10, minute, 'default')).isBlocked).toBe(true);
  });

  it('keeps keys and throttlers apart, and forgets a window two windows old', async () => {
    let now = 10 * minute;
    const storage = new SlidingWindowStorage(() => now);
    await storage.increment('a', minute, 1, minute, 'default');
    expect((await storage.increment('b', minute, 1, minute, 'default')).isBlocked).toBe(false);
    expect((await storage.increment('a', minute, 1, minute, 'other')).isBlocked).toBe(false);
    expect((await storage.increment('a', minute, 1, minute, 'default')).isBlocked).toBe(true);
    now = 13 * minute;
    expect((await storage.increment('a', minute, 1, minute, 'default')).isBlocked).toBe(false);
  });
});
