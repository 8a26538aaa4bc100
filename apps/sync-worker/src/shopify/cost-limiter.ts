import type { ThrottleStatus } from '@shopsync/shared';
import { Timer } from './timer';

export interface BucketLimits {
  maximumAvailable: number;
  restoreRate: number;
}

export const PLAN_LIMITS: Record<string, BucketLimits> = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
  enterprise: { maximumAvailable: 40000, restoreRate: 2000 },
};

export interface Reservation {
  reserved: number;
  waitedMs: number;
}

// A model of one shop's leaky bucket (per app and store, shared by every job of the shop in
// this process). A call first reserves its estimated cost, waiting in turn until the bucket
// (as Shopify last reported it, refilled at restoreRate since) can pay; when the answer comes
// the unspent part is given back and Shopify's own figure caps the model, so other consumers
// of the same bucket (other workers) are accounted for too.
export class ShopCostLimiter {
  private maximum: number;
  private rate: number;
  private available: number;
  private at: number;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    limits: BucketLimits,
    private readonly timer: Timer,
    // >1 only for a simulator whose bucket refills faster than real time.
    private readonly timeScale = 1,
  ) {
    this.maximum = limits.maximumAvailable;
    this.rate = limits.restoreRate;
    this.available = limits.maximumAvailable;
    this.at = timer.now();
  }

  // Resolves once `cost` points (at most a full bucket) are reserved. Callers are served in
  // order, so a large call is not starved by small ones.
  reserve(cost: number, signal?: AbortSignal): Promise<Reservation> {
    const asked = this.timer.now();
    const turn = this.tail.then(() => this.waitFor(cost, asked, signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  // After a call: `reserved` points were taken, `spent` really used (0 when nothing ran).
  settle(reserved: number, spent: number, status?: ThrottleStatus): void {
    this.refill();
    this.available = Math.min(this.maximum, this.available + Math.max(0, reserved - spent));
    if (!status) return;
    this.maximum = status.maximumAvailable;
    this.rate = status.restoreRate;
    this.available = Math.min(this.available, status.currentlyAvailable, this.maximum);
  }

  get state(): { available: number; maximum: number; restoreRate: number } {
    this.refill();
    return { available: this.available, maximum: this.maximum, restoreRate: this.rate };
  }

  // The wait counts from when the call asked, queueing behind earlier callers included.
  private async waitFor(cost: number, asked: number, signal?: AbortSignal): Promise<Reservation> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      const need = Math.min(cost, this.maximum);
      if (this.available >= need) {
        this.available -= need;
        return { reserved: need, waitedMs: this.timer.now() - asked };
      }
      const ms = ((need - this.available) / (this.rate * this.timeScale)) * 1000;
      await this.timer.sleep(Math.max(1, Math.ceil(ms)), signal);
    }
  }

  private refill(): void {
    const now = this.timer.now();
    const points = ((now - this.at) / 1000) * this.rate * this.timeScale;
    this.available = Math.min(this.maximum, this.available + Math.max(0, points));
    this.at = now;
  }
}
