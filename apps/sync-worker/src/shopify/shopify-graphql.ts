import { Logger } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ApiLogMode,
  inSpan,
  classifyShopifyOutcome,
  DomainError,
  ERROR_CODES,
  ShopifyCallStatus,
  ShopifyOutcome,
  ShopifyTransport,
  scopeNamedIn,
  throwIfCancelled,
  TransportOutcome,
  withShopifyRetry,
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
  // The job's task, named in errors.
  task?: string;
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
  // Each answer's `X-Shopify-API-Version` (compared with the configured one by the caller).
  onServedVersion?: (served: string) => void;
}

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
    const { outcome } = await withShopifyRetry(
      (attempt) => this.attempt(document, variables, op, costKey, attempt, signal),
      {
        maxAttempts: this.o.maxRetries + 1,
        // THROTTLED gets more: waiting for the bucket is normal.
        maxThrottledAttempts: Math.max(10, this.o.maxRetries * 2) + 1,
        backoffBaseMs: this.o.backoffBaseMs,
        backoffMaxMs: this.o.backoffMaxMs,
        random: this.o.random,
        signal,
        limiterWaitsForBucket: true,
        sleep: (ms, s) => this.sleep(ms, s),
        onRetry: ({ attempt, outcome: retried, waitMs }) => {
          this.counters.retries++;
          // THROTTLED is routine under load; anything else is worth seeing.
          this.logger[retried.kind === 'throttled' ? 'debug' : 'warn']({
            msg: 'Shopify call retried',
            shop: this.o.shop.code,
            jobId: this.o.jobId,
            operation: op.name,
            attempt,
            reason: this.errorOf(retried).message,
            waitMs: Math.round(waitMs),
          });
        },
      },
    );
    if (outcome.kind === 'success' || outcome.kind === 'user-errors') return outcome.data as T;
    throw this.errorOf(outcome);
  }

  private async attempt(
    document: string,
    variables: Record<string, unknown>,
    op: ReturnType<typeof parseOperation>,
    costKey: string,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<ShopifyOutcome> {
    const estimate = Math.max(estimateCost(op, variables), this.learned.get(costKey) ?? 0);
    const reservation = await this.o.limiter.reserve(estimate, signal).catch((error) => {
      throwIfCancelled(signal);
      throw error;
    });
    this.counters.waitedMs += reservation.waitedMs;
    const started = this.o.timer.now();
    const answer = await this.traced(op, attempt, () =>
      this.o.transport.send({
        document,
        variables,
        signal: anySignal([signal, AbortSignal.timeout(this.o.requestTimeoutMs)]),
      }),
    );
    const durationMs = Math.round(this.o.timer.now() - started);
    const outcome = classifyShopifyOutcome(answer);
    if (answer.kind !== 'network-error' && answer.apiVersion)
      this.o.onServedVersion?.(answer.apiVersion);
    this.account(op.name, attempt, answer, outcome, reservation.reserved, durationMs);
    if (answer.kind === 'graphql' && answer.cost) this.learn(costKey, answer.cost);
    return outcome;
  }

  // One client span per HTTP exchange with Shopify (a retry is a span of its own).
  private traced(
    op: ReturnType<typeof parseOperation>,
    attempt: number,
    send: () => Promise<TransportOutcome>,
  ): Promise<TransportOutcome> {
    const attributes = {
      'graphql.operation.name': op.name,
      'server.address': this.o.shop.domain,
      'shopsync.shop': this.o.shop.code,
      'shopsync.shopify.attempt': attempt,
      ...(this.o.jobId ? { 'shopsync.job.id': this.o.jobId } : {}),
    };
    return inSpan(
      `shopify.graphql ${op.name}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        const answer = await send();
        span.setAttribute('shopsync.shopify.outcome', answer.kind);
        if (answer.kind === 'http-error') {
          span.setAttribute('http.response.status_code', answer.httpStatus);
          span.setStatus({ code: SpanStatusCode.ERROR, message: answer.message });
        } else if (answer.kind === 'network-error')
          span.setStatus({ code: SpanStatusCode.ERROR, message: answer.message });
        else if (answer.cost)
          span.setAttribute('shopsync.shopify.cost', answer.cost.requestedQueryCost);
        return answer;
      },
    );
  }

  private async sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const before = this.o.timer.now();
    try {
      await this.o.timer.sleep(ms, signal);
    } finally {
      this.counters.waitedMs += this.o.timer.now() - before;
    }
  }

  // The error a failed answer becomes, phrased for this shop.
  private errorOf(
    outcome: Exclude<ShopifyOutcome, { kind: 'success' | 'user-errors' }>,
  ): DomainError {
    const shop = this.o.shop;
    switch (outcome.kind) {
      case 'unauthorized':
        return new DomainError(
          ERROR_CODES.shopifyUnauthorized,
          `Shopify refused the access token of shop '${shop.code}' (HTTP ${outcome.httpStatus}): set a valid one with PATCH /v1/shops/${shop.code}`,
          'permanent',
        );
      case 'throttled': {
        const status = outcome.cost?.throttleStatus;
        return new DomainError(
          ERROR_CODES.shopifyThrottled,
          `Shopify kept answering THROTTLED for shop '${shop.code}' (cost ${outcome.cost?.requestedQueryCost ?? 0}, available ${status?.currentlyAvailable ?? '?'})`,
          'transient',
        );
      }
      case 'transient':
        return outcome.cause === 'rate-limited'
          ? new DomainError(
              ERROR_CODES.shopifyThrottled,
              `Shopify kept answering 429 Too Many Requests for shop '${shop.code}'`,
              'transient',
            )
          : new DomainError(
              ERROR_CODES.shopifyUnavailable,
              `Shopify at ${shop.domain} is unavailable: ${outcome.message}`,
              'transient',
            );
      case 'permanent':
        if (outcome.codes.includes('ACCESS_DENIED')) return this.accessDenied(outcome.message);
        return new DomainError(
          ERROR_CODES.shopifyQueryFailed,
          outcome.httpStatus === undefined
            ? `Shopify refused the request for shop '${shop.code}': ${outcome.message}`
            : `Shopify answered ${outcome.message} for shop '${shop.code}'${outcome.requestId ? ` (request ${outcome.requestId})` : ''}`,
        );
    }
  }

  // The app's installation lacks a scope: granting it is the fix, retrying is not.
  private accessDenied(message: string): DomainError {
    const shop = this.o.shop;
    const scope = scopeNamedIn(message);
    return new DomainError(
      ERROR_CODES.shopifyScopeMissing,
      `Shopify denied access for shop '${shop.code}': the app lacks ${scope ?? 'an access scope'}${this.o.task ? ` for task ${this.o.task}` : ''}; grant it and re-verify the shop (POST /v1/shops/${shop.code}/verify). ${message}`,
      'permanent',
    );
  }

  private account(
    operation: string,
    attempt: number,
    answer: TransportOutcome,
    outcome: ShopifyOutcome,
    reserved: number,
    durationMs: number,
  ): void {
    const cost = answer.kind === 'graphql' ? answer.cost : undefined;
    const failed = outcome.kind === 'success' || outcome.kind === 'user-errors' ? null : outcome;
    const done = !failed;
    const throttled = outcome.kind === 'throttled';
    const ran = answer.kind === 'graphql' && !throttled;
    const actual = ran ? (cost?.actualQueryCost ?? cost?.requestedQueryCost ?? reserved) : 0;
    this.o.limiter.settle(reserved, actual, cost?.throttleStatus);
    this.counters.calls++;
    if (throttled) this.counters.throttled++;
    else if (!done) this.counters.errors++;
    if (ran) {
      this.counters.requestedCost += cost?.requestedQueryCost ?? reserved;
      this.counters.actualCost += actual;
    }
    const status: ShopifyCallStatus = done
      ? 'ok'
      : throttled
        ? 'throttled'
        : answer.kind === 'graphql'
          ? 'graphql-error'
          : answer.kind;
    if (this.o.logMode === 'off' || (this.o.logMode === 'errors' && status === 'ok')) return;
    this.o.callLog.record({
      shopId: this.o.shop.id,
      jobId: this.o.jobId,
      operation,
      status,
      httpStatus:
        answer.kind === 'http-error' ? answer.httpStatus : answer.kind === 'graphql' ? 200 : null,
      requestedCost: cost?.requestedQueryCost ?? null,
      actualCost: cost?.actualQueryCost ?? null,
      durationMs,
      requestId: answer.kind === 'network-error' ? null : (answer.requestId ?? null),
      attempt,
      error: failed ? this.errorOf(failed).message.slice(0, 2000) : null,
    });
  }

  private learn(key: string, cost: { requestedQueryCost: number }): void {
    if (this.learned.size >= LEARNED_COSTS_MAX) this.learned.clear();
    this.learned.set(key, cost.requestedQueryCost);
  }
}

function pageSizes(variables: Record<string, unknown>): string {
  return `${String(variables.first ?? '')}/${String(variables.last ?? '')}`;
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
