import { classifyShopifyOutcome, ShopifyOutcome } from './shopify-outcome';
import type { GraphqlErrorEntry, QueryCost, TransportOutcome } from './shopify-transport';

const cost = (requested: number, available: number, rate = 100): QueryCost => ({
  requestedQueryCost: requested,
  actualQueryCost: null,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: rate },
});
const graphql = (errors: GraphqlErrorEntry[], extra = {}) =>
  ({ kind: 'graphql', data: null, errors, ...extra }) as TransportOutcome;
const http = (httpStatus: number, extra = {}): TransportOutcome => ({
  kind: 'http-error',
  httpStatus,
  message: `HTTP ${httpStatus}`,
  ...extra,
});
const coded = (code: string, message = code.toLowerCase()) => ({
  message,
  extensions: { code },
});

// answer → outcome; `expected` is matched partially.
const TABLE: Array<[string, TransportOutcome, Partial<ShopifyOutcome> & Record<string, unknown>]> =
  [
    [
      'data, no errors',
      { kind: 'graphql', data: { shop: { name: 'Acme' } }, errors: [] },
      { kind: 'success', data: { shop: { name: 'Acme' } } },
    ],
    [
      'a mutation payload with userErrors',
      {
        kind: 'graphql',
        data: { productSet: { product: null, userErrors: [{ field: ['sku'], message: 'taken' }] } },
        errors: [],
      },
      { kind: 'user-errors', userErrors: [{ field: ['sku'], message: 'taken' }] },
    ],
    [
      'customerUserErrors count as user errors',
      {
        kind: 'graphql',
        data: {
          customerCreate: { customerUserErrors: [{ message: 'bad email', code: 'INVALID' }] },
        },
        errors: [],
      },
      { kind: 'user-errors', userErrors: [{ message: 'bad email', code: 'INVALID' }] },
    ],
    [
      'an empty userErrors list is a success',
      { kind: 'graphql', data: { productSet: { userErrors: [] } }, errors: [] },
      { kind: 'success' },
    ],
    [
      'THROTTLED with the bucket: time until it can pay',
      graphql([coded('THROTTLED', 'Throttled')], { cost: cost(50, 10) }),
      { kind: 'throttled', restoreMs: 400 },
    ],
    [
      'THROTTLED without figures',
      graphql([coded('THROTTLED')]),
      { kind: 'throttled', restoreMs: undefined },
    ],
    [
      'THROTTLED asking more than a bucket waits for a full one',
      graphql([coded('THROTTLED')], { cost: cost(5000, 1900) }),
      { kind: 'throttled', restoreMs: 1000 },
    ],
    [
      'INTERNAL_SERVER_ERROR',
      graphql([coded('INTERNAL_SERVER_ERROR', 'Internal error')]),
      { kind: 'transient', cause: 'server', message: 'Internal error [INTERNAL_SERVER_ERROR]' },
    ],
    [
      'ACCESS_DENIED (a missing scope) is final',
      graphql([{ ...coded('ACCESS_DENIED', 'Access denied'), path: ['orders'] }]),
      {
        kind: 'permanent',
        codes: ['ACCESS_DENIED'],
        message: 'Access denied [ACCESS_DENIED] at orders',
      },
    ],
    [
      'INTERNAL_SERVER_ERROR beside another error is final',
      graphql([coded('INTERNAL_SERVER_ERROR'), coded('undefinedField')]),
      { kind: 'permanent', codes: ['INTERNAL_SERVER_ERROR', 'undefinedField'] },
    ],
    [
      'an uncoded GraphQL error',
      graphql([{ message: 'syntax error' }]),
      { kind: 'permanent', codes: [], message: 'syntax error' },
    ],
    ['HTTP 401', http(401), { kind: 'unauthorized', httpStatus: 401 }],
    ['HTTP 403', http(403), { kind: 'unauthorized', httpStatus: 403 }],
    [
      'HTTP 429 with Retry-After',
      http(429, { retryAfterMs: 2000 }),
      { kind: 'transient', cause: 'rate-limited', retryAfterMs: 2000 },
    ],
    [
      'HTTP 429 without Retry-After',
      http(429),
      { kind: 'transient', cause: 'rate-limited', retryAfterMs: undefined },
    ],
    ['HTTP 500', http(500), { kind: 'transient', cause: 'server', httpStatus: 500 }],
    ['HTTP 502', http(502), { kind: 'transient', cause: 'server', httpStatus: 502 }],
    ['HTTP 503', http(503), { kind: 'transient', cause: 'server', httpStatus: 503 }],
    ['HTTP 302', http(302), { kind: 'transient', cause: 'server', httpStatus: 302 }],
    ['HTTP 400', http(400), { kind: 'permanent', httpStatus: 400, codes: [] }],
    ['HTTP 404', http(404), { kind: 'permanent', httpStatus: 404, codes: [] }],
    // The messages the transport keeps of @shopify/shopify-api's HttpRequestError.
    [
      'connection refused (HttpRequestError)',
      { kind: 'network-error', message: 'fetch failed' },
      { kind: 'transient', cause: 'network', message: 'fetch failed' },
    ],
    [
      'timed out (HttpRequestError from the aborted fetch)',
      { kind: 'network-error', message: 'The operation was aborted due to timeout' },
      { kind: 'transient', cause: 'network' },
    ],
  ];

describe('classifyShopifyOutcome', () => {
  it.each(TABLE)('%s', (_name, answer, expected) => {
    expect(classifyShopifyOutcome(answer)).toMatchObject(expected);
  });

  it('keeps every field of an HTTP answer it needs to phrase the error', () => {
    expect(classifyShopifyOutcome(http(404, { requestId: 'req-1' }))).toEqual({
      kind: 'permanent',
      message: 'HTTP 404',
      httpStatus: 404,
      codes: [],
      requestId: 'req-1',
    });
  });
});
