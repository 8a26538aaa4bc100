import { DEFAULT_API_VERSION } from './types';

// A bare client for tests that talk to the simulator directly (the production code uses
// @shopify/shopify-api instead).

export interface GraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface GraphqlReply<T> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: GraphqlError[]; extensions?: { cost: CostExtension } };
}

export async function simGraphql<T = Record<string, unknown>>(
  baseUrl: string,
  accessToken: string | null,
  query: string,
  variables?: Record<string, unknown>,
  version: string = DEFAULT_API_VERSION,
): Promise<GraphqlReply<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (accessToken !== null) headers['X-Shopify-Access-Token'] = accessToken;
  const response = await fetch(`${baseUrl}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphqlReply<T>['body'];
  return { status: response.status, headers: response.headers, body };
}

export async function simControl<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}/_sim${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
