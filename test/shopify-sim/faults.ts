import { SeededRandom } from './random';

// Fault injection per shop or for all shops: HTTP errors (5xx, 429 with Retry-After), added
// latency and dropped connections, for the next N calls or a seeded ratio of calls, optionally
// only for one operation name. `phase: 'after'` runs the request first and then loses the
// answer: the case idempotency keys exist for.

export interface FaultSpec {
  status?: number;
  retryAfter?: number;
  body?: unknown;
  latencyMs?: number;
  drop?: boolean;
  times?: number;
  ratio?: number;
  seed?: number;
  operationName?: string;
  phase?: 'before' | 'after';
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfter?: number;
  body?: unknown;
  drop: boolean;
  phase: 'before' | 'after';
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  rng: SeededRandom;
}

export class FaultInjector {
  private readonly global: ActiveFault[] = [];
  private readonly perShop = new Map<string, ActiveFault[]>();

  add(domain: string | null, specs: FaultSpec[]): void {
    const list = domain ? (this.perShop.get(domain) ?? []) : this.global;
    for (const spec of specs) {
      // Without `times`, a ratio fault lasts until cleared and a plain fault hits once.
      const remaining = spec.times ?? (spec.ratio !== undefined ? Number.POSITIVE_INFINITY : 1);
      list.push({ spec, remaining, rng: new SeededRandom(spec.seed ?? 1) });
    }
    if (domain) this.perShop.set(domain, list);
  }

  clear(domain: string | null): void {
    if (domain) this.perShop.delete(domain);
    else this.global.length = 0;
  }

  clearAll(): void {
    this.perShop.clear();
    this.global.length = 0;
  }

  list(domain: string | null): (FaultSpec & { remaining: number })[] {
    const list = domain ? (this.perShop.get(domain) ?? []) : this.global;
    return list.map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  // Consumes one use of every fault that fires for this call and merges them.
  decide(domain: string, operationName: string | null): FaultDecision | null {
    let decision: FaultDecision | null = null;
    for (const list of [this.perShop.get(domain) ?? [], this.global]) {
      for (const fault of list) {
        if (fault.remaining <= 0) continue;
        if (fault.spec.operationName && fault.spec.operationName !== operationName) continue;
        if (fault.spec.ratio !== undefined && fault.rng.next() >= fault.spec.ratio) continue;
        fault.remaining -= 1;
        decision ??= { latencyMs: 0, drop: false, phase: 'before' };
        decision.latencyMs += fault.spec.latencyMs ?? 0;
        if (
          decision.status === undefined &&
          !decision.drop &&
          (fault.spec.status !== undefined || fault.spec.drop)
        ) {
          decision.status = fault.spec.status;
          decision.retryAfter = fault.spec.retryAfter;
          decision.body = fault.spec.body;
          decision.drop = fault.spec.drop === true;
          decision.phase = fault.spec.phase ?? 'before';
        }
      }
      list.splice(0, list.length, ...list.filter((f) => f.remaining > 0));
    }
    return decision;
  }
}

// Bodies resembling what Shopify's edge answers with for each status.
export function defaultFaultBody(status: number, requestId: string): unknown {
  switch (status) {
    case 429:
      return {
        errors:
          'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
      };
    case 500:
      return {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          },
        ],
      };
    case 502:
      return { errors: 'Bad Gateway' };
    case 503:
      return { errors: 'Unavailable Shop' };
    case 504:
      return { errors: 'Gateway Timeout' };
    default:
      return { errors: `HTTP ${status}` };
  }
}
