import { Clock, ShopPlan } from './types';

// Shopify's calculated-cost leaky bucket, one per app and store. The bucket must hold the
// *requested* cost before a query runs; the unused part is refunded afterwards.

export interface PlanLimits {
  maximumAvailable: number;
  restoreRate: number;
}

export const PLAN_LIMITS: Record<ShopPlan, PlanLimits> = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
  enterprise: { maximumAvailable: 40000, restoreRate: 2000 },
};

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  // timeScale > 1 makes the bucket refill faster than real time, so tests need not sleep.
  constructor(
    private limits: PlanLimits,
    private readonly clock: Clock,
    private readonly timeScale: number = 1,
  ) {
    this.available = limits.maximumAvailable;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    const elapsedSeconds = (Math.max(0, now - this.updatedAt) / 1000) * this.timeScale;
    this.available = Math.min(
      this.limits.maximumAvailable,
      this.available + elapsedSeconds * this.limits.restoreRate,
    );
    this.updatedAt = now;
  }

  // Takes `cost` points if the bucket holds them; false means THROTTLED (nothing taken).
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.limits.maximumAvailable, this.available + Math.max(0, points));
  }

  // Test hook: put the bucket at an exact level (e.g. empty it).
  setAvailable(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.limits.maximumAvailable, points));
  }

  setLimits(limits: PlanLimits): void {
    this.refill();
    this.limits = limits;
    this.available = Math.min(this.available, limits.maximumAvailable);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.limits.maximumAvailable,
      // Shopify reports whole points.
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.limits.restoreRate,
    };
  }
}
