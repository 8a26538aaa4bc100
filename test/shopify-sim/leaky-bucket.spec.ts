import { LeakyBucket, PLAN_LIMITS } from './leaky-bucket';

describe('LeakyBucket', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('starts full with the plan limits', () => {
    expect(new LeakyBucket(PLAN_LIMITS.standard, clock).status()).toEqual({
      maximumAvailable: 2000,
      currentlyAvailable: 2000,
      restoreRate: 100,
    });
    expect(new LeakyBucket(PLAN_LIMITS.plus, clock).status()).toEqual({
      maximumAvailable: 20000,
      currentlyAvailable: 20000,
      restoreRate: 1000,
    });
  });

  it('refuses a cost it cannot hold and takes nothing then', () => {
    const bucket = new LeakyBucket(PLAN_LIMITS.standard, clock);
    expect(bucket.tryTake(1500)).toBe(true);
    expect(bucket.tryTake(501)).toBe(false);
    expect(bucket.status().currentlyAvailable).toBe(500);
    expect(bucket.tryTake(500)).toBe(true);
    expect(bucket.tryTake(1)).toBe(false);
  });

  it('refills at the restore rate, never above the maximum', () => {
    const bucket = new LeakyBucket(PLAN_LIMITS.standard, clock);
    bucket.setAvailable(0);
    now += 2500;
    expect(bucket.status().currentlyAvailable).toBe(250);
    now += 60_000;
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it('refills timeScale times faster', () => {
    const bucket = new LeakyBucket(PLAN_LIMITS.advanced, clock, 10);
    bucket.setAvailable(0);
    now += 1000;
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it('refunds unused points', () => {
    const bucket = new LeakyBucket(PLAN_LIMITS.standard, clock);
    bucket.tryTake(1000);
    bucket.refund(400);
    expect(bucket.status().currentlyAvailable).toBe(1400);
  });
});
