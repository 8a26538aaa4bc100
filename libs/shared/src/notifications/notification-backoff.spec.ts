import { notificationBackoffMs } from './notification-backoff';

describe('notification backoff', () => {
  const policy = { baseMs: 10_000, capMs: 3_600_000 };

  it('doubles from the base after each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((a) => notificationBackoffMs(a, policy))).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000,
    ]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(notificationBackoffMs(10, policy)).toBe(3_600_000);
    expect(notificationBackoffMs(1000, policy)).toBe(3_600_000);
  });

  it('waits the base after the first attempt even when asked about attempt 0', () => {
    expect(notificationBackoffMs(0, policy)).toBe(10_000);
  });
});
