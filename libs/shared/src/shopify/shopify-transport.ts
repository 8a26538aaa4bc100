import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiVersion,
  GraphqlQueryError,
  HttpRequestError,
  HttpResponseError,
  LogSeverity,
  Session,
  shopifyApi,
} from '@shopify/shopify-api';
import { installShopifyFetch, ShopifyEndpoints } from './shopify-endpoints';

// One HTTP exchange with a shop's Admin GraphQL endpoint, through @shopify/shopify-api, turned
// into a plain outcome. No retries and no waiting here: callers decide (the worker's cost-aware
// limiter, the gateway's credential check).

export const SHOPIFY_API_VERSION = ApiVersion.April26;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface GraphqlErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export type TransportOutcome =
  // HTTP 200: data and/or GraphQL errors (THROTTLED among them).
  | {
      kind: 'graphql';
      data: unknown;
      errors: GraphqlErrorEntry[];
      cost?: QueryCost;
      requestId?: string;
      // The version Shopify served (`X-Shopify-API-Version`).
      apiVersion?: string;
    }
  | {
      kind: 'http-error';
      httpStatus: number;
      message: string;
      retryAfterMs?: number;
      requestId?: string;
      apiVersion?: string;
    }
  // No response at all: refused, reset, dropped, timed out.
  | { kind: 'network-error'; message: string };

export interface TransportRequest {
  document: string;
  variables?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface ShopifyTransport {
  send(request: TransportRequest): Promise<TransportOutcome>;
}

export interface ShopifyTarget {
  domain: string;
  apiVersion: string;
  accessToken: string;
}

// The library needs an app secret and a host name for OAuth, which a custom store app does
// not use; webhooks are verified by the gateway itself.
const UNUSED_APP_SECRET = 'unused-by-custom-store-apps';

export class ShopifyApiTransport implements ShopifyTransport {
  private readonly client: InstanceType<ReturnType<typeof shopifyApi>['clients']['Graphql']>;

  constructor(target: ShopifyTarget, logger: Logger) {
    const shopify = shopifyApi({
      apiSecretKey: UNUSED_APP_SECRET,
      apiVersion: SHOPIFY_API_VERSION,
      isCustomStoreApp: true,
      adminApiAccessToken: target.accessToken,
      isEmbeddedApp: false,
      hostName: 'localhost',
      logger: {
        level: LogSeverity.Warning,
        httpRequests: false,
        log: async (_severity, message) => {
          logger.warn({ msg: 'shopify-api', detail: message, shop: target.domain });
        },
      },
    });
    const session = new Session({
      id: `offline_${target.domain}`,
      shop: target.domain,
      state: '',
      isOnline: false,
    });
    this.client = new shopify.clients.Graphql({
      session,
      apiVersion: target.apiVersion as ApiVersion,
    });
  }

  async send(request: TransportRequest): Promise<TransportOutcome> {
    try {
      const response = await this.client.request<unknown>(request.document, {
        variables: request.variables,
        retries: 0,
        signal: request.signal,
      });
      return {
        kind: 'graphql',
        data: response.data ?? null,
        errors: [],
        cost: costOf(response.extensions),
        requestId: headerOf(response.headers, 'x-request-id'),
        apiVersion: headerOf(response.headers, 'x-shopify-api-version'),
      };
    } catch (error) {
      return outcomeOf(error);
    }
  }
}

function outcomeOf(error: unknown): TransportOutcome {
  if (error instanceof GraphqlQueryError) {
    const body = (error.body ?? {}) as {
      data?: unknown;
      extensions?: unknown;
      errors?: { graphQLErrors?: GraphqlErrorEntry[] };
    };
    const errors = body.errors?.graphQLErrors;
    return {
      kind: 'graphql',
      data: body.data ?? null,
      errors: Array.isArray(errors) && errors.length ? errors : [{ message: error.message }],
      cost: costOf(body.extensions),
      requestId: headerOf(error.headers, 'x-request-id'),
      apiVersion: headerOf(error.headers, 'x-shopify-api-version'),
    };
  }
  if (error instanceof HttpResponseError) {
    const r = error.response as { code: number; statusText: string; retryAfter?: number };
    return {
      kind: 'http-error',
      httpStatus: r.code,
      message: `HTTP ${r.code}${r.statusText ? ` ${r.statusText}` : ''}`,
      retryAfterMs:
        typeof r.retryAfter === 'number' && Number.isFinite(r.retryAfter)
          ? r.retryAfter * 1000
          : undefined,
      requestId: headerOf(error.response.headers, 'x-request-id'),
      apiVersion: headerOf(error.response.headers, 'x-shopify-api-version'),
    };
  }
  if (error instanceof HttpRequestError) {
    return {
      kind: 'network-error',
      message: error.message.replace(/^Http request error, no response available: /, ''),
    };
  }
  throw error;
}

function costOf(extensions: unknown): QueryCost | undefined {
  const cost = (extensions as { cost?: QueryCost } | null | undefined)?.cost;
  return cost && typeof cost.requestedQueryCost === 'number' && cost.throttleStatus
    ? cost
    : undefined;
}

export function headerOf(headers: unknown, wanted: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (name.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

// Clients are built per shop and token; the routing table is installed once per process.
@Injectable()
export class ShopifyTransportFactory {
  private readonly logger = new Logger('ShopifyApi');

  constructor(@Inject(ShopifyEndpoints) readonly endpoints: ShopifyEndpoints) {
    installShopifyFetch(endpoints);
  }

  create(target: ShopifyTarget): ShopifyTransport {
    return new ShopifyApiTransport(target, this.logger);
  }
}
