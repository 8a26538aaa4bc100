import type { GraphqlErrorEntry, QueryCost, TransportOutcome } from './shopify-transport';

// What one answer of the Admin API means, decided in one place for the gateway and the worker.
// Callers phrase their own errors; what is retried and how long to wait is decided here and
// in shopify-retry.ts.

export interface ShopifyUserError {
  field?: ReadonlyArray<string> | null;
  message: string;
  code?: string | null;
}

export type TransientCause = 'network' | 'server' | 'rate-limited';

export type ShopifyOutcome =
  | { kind: 'success'; data: unknown; cost?: QueryCost }
  // The mutation ran and refused its input: final, the handler reads the payload.
  | { kind: 'user-errors'; data: unknown; userErrors: ShopifyUserError[] }
  // GraphQL THROTTLED: the cost bucket cannot pay; restoreMs is how long until it can.
  | { kind: 'throttled'; message: string; cost?: QueryCost; restoreMs?: number }
  // Worth another try: no answer, timed out, 5xx, INTERNAL_SERVER_ERROR, HTTP 429.
  | {
      kind: 'transient';
      cause: TransientCause;
      message: string;
      httpStatus?: number;
      retryAfterMs?: number;
    }
  // HTTP 401/403: the access token is refused.
  | { kind: 'unauthorized'; message: string; httpStatus: number }
  // Anything else: a refused document (ACCESS_DENIED among them) or a 4xx.
  | {
      kind: 'permanent';
      message: string;
      httpStatus?: number;
      codes: string[];
      requestId?: string;
    };

export type RetryableOutcome = Extract<ShopifyOutcome, { kind: 'throttled' | 'transient' }>;

export function isRetryable(outcome: ShopifyOutcome): outcome is RetryableOutcome {
  return outcome.kind === 'throttled' || outcome.kind === 'transient';
}

export function classifyShopifyOutcome(outcome: TransportOutcome): ShopifyOutcome {
  // The transport turns @shopify/shopify-api's HttpRequestError (refused, reset, timed out)
  // into this.
  if (outcome.kind === 'network-error')
    return { kind: 'transient', cause: 'network', message: outcome.message };
  if (outcome.kind === 'http-error') return classifyHttp(outcome);
  if (!outcome.errors.length) {
    const userErrors = userErrorsOf(outcome.data);
    return userErrors.length
      ? { kind: 'user-errors', data: outcome.data, userErrors }
      : { kind: 'success', data: outcome.data, cost: outcome.cost };
  }
  const codes = outcome.errors.map(codeOf).filter((c): c is string => c !== undefined);
  if (codes.includes('THROTTLED'))
    return {
      kind: 'throttled',
      message: describeGraphqlErrors(outcome.errors),
      cost: outcome.cost,
      restoreMs: outcome.cost ? restoreMs(outcome.cost) : undefined,
    };
  const message = describeGraphqlErrors(outcome.errors);
  if (outcome.errors.every((e) => codeOf(e) === 'INTERNAL_SERVER_ERROR'))
    return { kind: 'transient', cause: 'server', message };
  return { kind: 'permanent', message, codes, requestId: outcome.requestId };
}

function classifyHttp(outcome: Extract<TransportOutcome, { kind: 'http-error' }>): ShopifyOutcome {
  const { httpStatus, message } = outcome;
  if (httpStatus === 401 || httpStatus === 403)
    return { kind: 'unauthorized', message, httpStatus };
  if (httpStatus === 429)
    return {
      kind: 'transient',
      cause: 'rate-limited',
      message,
      httpStatus,
      retryAfterMs: outcome.retryAfterMs,
    };
  // Below 400 the library saw no usable answer either (a redirect it did not follow).
  if (httpStatus >= 500 || httpStatus < 400)
    return { kind: 'transient', cause: 'server', message, httpStatus };
  return { kind: 'permanent', message, httpStatus, codes: [], requestId: outcome.requestId };
}

// Until the bucket, refilling at restoreRate, holds the cost asked (at most a full bucket).
function restoreMs(cost: QueryCost): number {
  const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
  const need = Math.min(cost.requestedQueryCost, maximumAvailable) - currentlyAvailable;
  if (need <= 0 || restoreRate <= 0) return 0;
  return Math.ceil((need / restoreRate) * 1000);
}

// A mutation's payload names its refusals in `userErrors` (customerUserErrors and the like too).
function userErrorsOf(data: unknown): ShopifyUserError[] {
  if (!data || typeof data !== 'object') return [];
  const found: ShopifyUserError[] = [];
  for (const payload of Object.values(data as Record<string, unknown>)) {
    if (!payload || typeof payload !== 'object') continue;
    for (const [key, value] of Object.entries(payload as Record<string, unknown>))
      if (/userErrors$/i.test(key) && Array.isArray(value))
        found.push(...(value as ShopifyUserError[]));
  }
  return found;
}

function codeOf(error: GraphqlErrorEntry): string | undefined {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeGraphqlErrors(errors: GraphqlErrorEntry[]): string {
  return errors
    .map((error) => {
      const code = codeOf(error);
      const path = error.path?.length ? ` at ${error.path.join('.')}` : '';
      return `${error.message}${code ? ` [${code}]` : ''}${path}`;
    })
    .join('; ');
}
