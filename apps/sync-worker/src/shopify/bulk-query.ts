import { DomainError, ERROR_CODES } from '@shopsync/shared';
import {
  BULK_OPERATION_CANCEL,
  BULK_OPERATION_RUN_QUERY,
  BULK_OPERATION_STATUS,
} from './bulk-operations.graphql';
import type { ShopifyGraphql } from './shopify-graphql';
import { realTimer, Timer } from './timer';

export interface BulkQueryOptions {
  signal?: AbortSignal;
  // Polling starts at `pollMs` and grows by half each time up to `maxPollMs`.
  pollMs?: number;
  maxPollMs?: number;
  timeoutMs?: number;
  onProgress?: (objectCount: number) => void;
  timer?: Timer;
  fetch?: typeof fetch;
}

export interface CompletedBulkOperation {
  id: string;
  objectCount: number;
  // null when the query matched nothing.
  url: string | null;
}

// One JSONL line: a connection node; nested nodes carry `__parentId`.
export type BulkRecord = Record<string, unknown> & { __parentId?: string };

interface BulkOperationState {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
  partialDataUrl: string | null;
}

interface UserError {
  field: string[] | null;
  message: string;
}

const DONE = ['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED'];

// bulkOperationRunQuery → poll until it ends → stream the JSONL result. Bulk operations run
// outside the per-query rate limit; Shopify runs one bulk query per shop at a time (2026-04),
// so "already in progress" is transient.
export async function* bulkQuery(
  client: ShopifyGraphql,
  query: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<BulkRecord> {
  const operation = await runBulkQuery(client, query, options);
  yield* readBulkResult(operation.url, options);
}

export async function runBulkQuery(
  client: ShopifyGraphql,
  query: string,
  options: BulkQueryOptions = {},
): Promise<CompletedBulkOperation> {
  const started = await client.request<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string; status: string } | null;
      userErrors: UserError[];
    };
  }>(BULK_OPERATION_RUN_QUERY, { query }, { signal: options.signal });
  const { bulkOperation, userErrors } = started.bulkOperationRunQuery;
  if (!bulkOperation || userErrors.length) {
    const message = userErrors.map((e) => e.message).join('; ') || 'no bulk operation returned';
    throw new DomainError(
      /in progress|limit/i.test(message)
        ? ERROR_CODES.shopifyThrottled
        : ERROR_CODES.shopifyQueryFailed,
      `Shopify did not start the bulk query for shop '${client.shop.code}': ${message}`,
      /in progress|limit/i.test(message) ? 'transient' : 'permanent',
    );
  }
  return waitForBulkOperation(client, bulkOperation.id, options);
}

// Polls a bulk operation (query or mutation) until it ends; COMPLETED returns, anything else
// throws. Cancelling the job cancels the operation.
export async function waitForBulkOperation(
  client: ShopifyGraphql,
  id: string,
  options: BulkQueryOptions = {},
): Promise<CompletedBulkOperation> {
  const timer = options.timer ?? realTimer;
  const deadline = timer.now() + (options.timeoutMs ?? 3600_000);
  let pollMs = options.pollMs ?? 1000;
  for (;;) {
    await timer.sleep(pollMs, options.signal);
    if (options.signal?.aborted) {
      await cancel(client, id);
      throw new DomainError(ERROR_CODES.cancelled, 'the bulk operation was cancelled', 'permanent');
    }
    const { bulkOperation: state } = await client.request<{
      bulkOperation: BulkOperationState | null;
    }>(BULK_OPERATION_STATUS, { id }, { signal: options.signal });
    if (!state) throw bulkFailed(client, id, 'it disappeared');
    options.onProgress?.(Number(state.objectCount));
    if (state.status === 'COMPLETED')
      return { id: state.id, objectCount: Number(state.objectCount), url: state.url };
    if (DONE.includes(state.status))
      throw bulkFailed(
        client,
        state.id,
        `it ended ${state.status}${state.errorCode ? ` (${state.errorCode})` : ''}`,
        state.errorCode === 'INTERNAL_SERVER_ERROR' || state.errorCode === 'TIMEOUT',
      );
    if (timer.now() > deadline) {
      await cancel(client, id);
      throw bulkFailed(client, state.id, 'it did not finish in time', true);
    }
    pollMs = Math.min(options.maxPollMs ?? 10_000, Math.round(pollMs * 1.5));
  }
}

// Streams the result file line by line: a large catalog is never held in memory at once.
export async function* readBulkResult(
  url: string | null,
  options: Pick<BulkQueryOptions, 'signal' | 'fetch'> = {},
): AsyncGenerator<BulkRecord> {
  if (!url) return;
  const response = await (options.fetch ?? fetch)(url, { signal: options.signal });
  if (!response.ok || !response.body)
    throw new DomainError(
      ERROR_CODES.shopifyUnavailable,
      `the bulk result could not be downloaded (HTTP ${response.status})`,
      'transient',
    );
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of response.body) {
    rest += decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) yield JSON.parse(line) as BulkRecord;
  }
  rest += decoder.decode();
  if (rest.trim()) yield JSON.parse(rest) as BulkRecord;
}

async function cancel(client: ShopifyGraphql, id: string): Promise<void> {
  await client.request(BULK_OPERATION_CANCEL, { id }).catch(() => undefined);
}

function bulkFailed(
  client: ShopifyGraphql,
  id: string,
  why: string,
  transient = false,
): DomainError {
  return new DomainError(
    transient ? ERROR_CODES.shopifyUnavailable : ERROR_CODES.shopifyQueryFailed,
    `the bulk operation ${id} of shop '${client.shop.code}' failed: ${why}`,
    transient ? 'transient' : 'permanent',
  );
}
