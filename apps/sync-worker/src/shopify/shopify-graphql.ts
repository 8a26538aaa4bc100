import { Logger } from '@nestjs/common';
import {
  ApiLogMode,
  DomainError,
  ERROR_CODES,
  GraphqlErrorEntry,
  ShopifyCallStatus,
  ShopifyTransport,
  TransportOutcome,
} from '@shopsync/shared';
import { ShopCostLimiter } from './cost-limiter';
import { estimateCost, parseOperation } from './cost-estimator';
import { Timer } from './timer';

// The small interface task handlers use: one GraphQL call, paced and retried; the per-job
// counters go into the job summary (`summary.shopify = client.stats`).
export interface ShopifyGraphql {
  readonly shop: { id: string; code: string; domain: string };
  request<T>(
    document: string,
    variables?: Record<string, unknown>,
    options?: ShopifyRequestOptions,
  ): Promise<T>;
  readonly stats: ShopifyCallStats;
}

export interface ShopifyRequestOptions {
  operationName?: string;
  signal?: AbortSignal;
}

export interface ShopifyCallStats {
  // HTTP exchanges, retries included.
  calls: number;
  retries: number;
  throttled: number;
  errors: number;
  requestedCost: number;
  actualCost: number;
  // Waiting for the bucket before calls, plus backoff between retries.
  waitedMs: number;
}

export interface CallRecord {
  shopId: string;
  jobId: string | null;
  operation: string;
  status: ShopifyCallStatus;
  httpStatus: number | null;
  requestedCost: number | null;
  actualCost: number | null;
  durationMs: number;
  requestId: string | null;
  attempt: number;
  error: string | null;
}

export interface CallLogSink {
  record(entry: CallRecord): void;
}

export interface ShopifyClientOptions {
  shop: { id: string; code: string; domain: string };
  jobId: string | null;
  transport: ShopifyTransport;
  limiter: ShopCostLimiter;
  timer: Timer;
  callLog: CallLogSink;
  logMode: ApiLogMode;
  requestTimeoutMs: number;
  // Retries of 5xx, 429 and network errors; THROTTLED gets more (waiting for it is normal).
  maxRetries: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  signal?: AbortSignal;
  random?: () => number;
}

type Verdict =
  | { done: true; data: unknown }
  | { done: false; retry: 'throttled' | 'transient'; waitMs?: number; error: DomainError }
  | { done: false; retry: false; error: DomainError };

const LEARNED_COSTS_MAX = 500;

export class LimitedShopifyClient implements ShopifyGraphql {
  private readonly logger = new Logger('ShopifyClient');
  private readonly counters: ShopifyCallStats = {
    calls: 0,
    retries: 0,
    throttled: 0,
    errors: 0,
    requestedCost: 0,
    actualCost: 0,
    waitedMs: 0,
  };
  // Shopify's requested cost of a document with these page sizes, once seen.
  private readonly learned = new Map<string, number>();

  constructor(private readonly o: ShopifyClientOptions) {}

  get shop(): { id: string; code: string; domain: string } {
    return this.o.shop;
  }

  get stats(): ShopifyCallStats {
    return { ...this.counters, waitedMs: Math.round(this.counters.waitedMs) };
  }

  async request<T>(
    document: string,
    variables: Record<string, unknown> = {},
    options: ShopifyRequestOptions = {},
  ): Promise<T> {
    const op = parseOperation(document, options.operationName);
    const costKey = `${op.name}|${pageSizes(variables)}|${document.length}`;
    const signal = anySignal([this.o.signal, options.signal]);
    let transientRetries = 0;
    let throttledRetries = 0;
    for (let attempt = 1; ; attempt++) {
      throwIfCancelled(signal);
      const estimate = Math.max(estimateCost(op, variables), this.learned.get(costKey) ?? 0);
      const reservation = await this.o.limiter.reserve(estimate, signal).catch((error) => {
        throwIfCancelled(signal);
        throw error;
      });
      this.counters.waitedMs += reservation.waitedMs;
      const started = this.o.timer.now();
      const outcome = await this.o.transport.send({
        document,
        variables,
        signal: anySignal([signal, AbortSignal.timeout(this.o.requestTimeoutMs)]),
      });
      const durationMs = Math.round(this.o.timer.now() - started);
      const verdict = this.judge(outcome);
      this.account(op.name, attempt, outcome, verdict, reservation.reserved, durationMs);
      if (outcome.kind === 'graphql' && outcome.cost) this.learn(costKey, outcome.cost);
      if (verdict.done) return verdict.data as T;
      throwIfCancelled(signal);
      if (verdict.retry === false) throw verdict.error;
      const budgetLeft =
        verdict.retry === 'throttled'
          ? ++throttledRetries <= Math.max(10, this.o.maxRetries * 2)
          : ++transientRetries <= this.o.maxRetries;
      if (!budgetLeft) throw verdict.error;
      this.counters.retries++;
      const waitMs = verdict.waitMs ?? this.backoff(transientRetries);
      // THROTTLED is routine under load; anything else is worth seeing.
      this.logger[verdict.retry === 'throttled' ? 'debug' : 'warn']({
        msg: 'Shopify call retried',
        shop: this.o.shop.code,
        jobId: this.o.jobId,
        operation: op.name,
        attempt,
        reason: verdict.error.message,
        waitMs: Math.round(waitMs),
      });
      if (waitMs > 0) {
        const before = this.o.timer.now();
        await this.o.timer.sleep(waitMs, signal);
        this.counters.waitedMs += this.o.timer.now() - before;
      }
    }
  }

  private judge(outcome: TransportOutcome): Verdict {
    const shop = this.o.shop;
    if (outcome.kind === 'network-error')
      return { done: false, retry: 'transient', error: unavailable(shop.domain, outcome.message) };
    if (outcome.kind === 'http-error') {
      const status = outcome.httpStatus;
      if (status === 401 || status === 403)
        return {
          done: false,
          retry: false,
          error: new DomainError(
            ERROR_CODES.shopifyUnauthorized,
            `Shopify refused the access token of shop '${shop.code}' (HTTP ${status}): set a valid one with PATCH /v1/shops/${shop.code}`,
            'permanent',
          ),
        };
      if (status === 429)
        return {
          done: false,
          retry: 'transient',
          waitMs: outcome.retryAfterMs,
          error: new DomainError(
            ERROR_CODES.shopifyThrottled,
            `Shopify kept answering 429 Too Many Requests for shop '${shop.code}'`,
            'transient',
          ),
        };
      if (status >= 500 || status < 400)
        return {
          done: false,
          retry: 'transient',
          error: unavailable(shop.domain, outcome.message),
        };
      return {
        done: false,
        retry: false,
        error: new DomainError(
          ERROR_CODES.shopifyQueryFailed,
          `Shopify answered ${outcome.message} for shop '${shop.code}'${outcome.requestId ? ` (request ${outcome.requestId})` : ''}`,
        ),
      };
    }
    if (!outcome.errors.length) return { done: true, data: outcome.data };
    if (outcome.errors.some((e) => codeOf(e) === 'THROTTLED')) {
      const status = outcome.cost?.throttleStatus;
      const need = outcome.cost?.requestedQueryCost ?? 0;
      return {
        done: false,
        retry: 'throttled',
        // The limiter waits for the bucket itself once it has Shopify's figures.
        waitMs: status ? 0 : undefined,
        error: new DomainError(
          ERROR_CODES.shopifyThrottled,
          `Shopify kept answering THROTTLED for shop '${shop.code}' (cost ${need}, available ${status?.currentlyAvailable ?? '?'})`,
          'transient',
        ),
      };
    }
    const message = outcome.errors.map(describeError).join('; ');
    if (outcome.errors.every((e) => codeOf(e) === 'INTERNAL_SERVER_ERROR'))
      return { done: false, retry: 'transient', error: unavailable(shop.domain, message) };
    return {
      done: false,
      retry: false,
      error: new DomainError(
        ERROR_CODES.shopifyQueryFailed,
        `Shopify refused the request for shop '${shop.code}': ${message}`,
      ),
    };
  }

  private account(
    operation: string,
    attempt: number,
    outcome: TransportOutcome,
    verdict: Verdict,
    reserved: number,
    durationMs: number,
  ): void {
    const cost = outcome.kind === 'graphql' ? outcome.cost : undefined;
    const throttled = !verdict.done && verdict.retry === 'throttled';
    const ran = outcome.kind === 'graphql' && !throttled;
    const actual = ran ? (cost?.actualQueryCost ?? cost?.requestedQueryCost ?? reserved) : 0;
    this.o.limiter.settle(reserved, actual, cost?.throttleStatus);
    this.counters.calls++;
    if (throttled) this.counters.throttled++;
    else if (!verdict.done) this.counters.errors++;
    if (ran) {
      this.counters.requestedCost += cost?.requestedQueryCost ?? reserved;
      this.counters.actualCost += actual;
    }
    const status: ShopifyCallStatus = verdict.done
      ? 'ok'
      : throttled
        ? 'throttled'
        : outcome.kind === 'graphql'
          ? 'graphql-error'
          : outcome.kind;
    if (this.o.logMode === 'off' || (this.o.logMode === 'errors' && status === 'ok')) return;
    this.o.callLog.record({
      shopId: this.o.shop.id,
      jobId: this.o.jobId,
      operation,
      status,
      httpStatus:
        outcome.kind === 'http-error'
          ? outcome.httpStatus
          : outcome.kind === 'graphql'
            ? 200
            : null,
      requestedCost: cost?.requestedQueryCost ?? null,
      actualCost: cost?.actualQueryCost ?? null,
      durationMs,
      requestId: outcome.kind === 'network-error' ? null : (outcome.requestId ?? null),
      attempt,
      error: verdict.done ? null : verdict.error.message.slice(0, 2000),
    });
  }

  private learn(key: string, cost: { requestedQueryCost: number }): void {
    if (this.learned.size >= LEARNED_COSTS_MAX) this.learned.clear();
    this.learned.set(key, cost.requestedQueryCost);
  }

  // Exponential with jitter: base·2^(n-1), capped, between half and all of it.
  private backoff(retry: number): number {
    const base = this.o.backoffBaseMs ?? 500;
    const cap = this.o.backoffMaxMs ?? 10_000;
    const ms = Math.min(cap, base * 2 ** Math.max(0, retry - 1));
    return ms * (0.5 + 0.5 * (this.o.random ?? Math.random)());
  }
}

function unavailable(domain: string, reason: string): DomainError {
  return new DomainError(
    ERROR_CODES.shopifyUnavailable,
    `Shopify at ${domain} is unavailable: ${reason}`,
    'transient',
  );
}

function codeOf(error: GraphqlErrorEntry): unknown {
  return error.extensions?.code;
}

function describeError(error: GraphqlErrorEntry): string {
  const code = codeOf(error);
  const path = error.path?.length ? ` at ${error.path.join('.')}` : '';
  return `${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${path}`;
}

function pageSizes(variables: Record<string, unknown>): string {
  return `${String(variables.first ?? '')}/${String(variables.last ?? '')}`;
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new DomainError(ERROR_CODES.cancelled, 'the Shopify call was cancelled', 'permanent');
}
