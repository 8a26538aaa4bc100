import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, ERROR_CODES, messageWithCause } from '@shopsync/shared';
import {
  BULK_OPERATION_CANCEL,
  BULK_OPERATION_RUN_QUERY,
  BULK_OPERATION_STATUS,
  CURRENT_BULK_OPERATION,
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
  // Another bulk query running for the shop (Shopify runs one at a time) is waited for this
  // long before the start is given up as transient (0, the default: at once).
  waitForRunningMs?: number;
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
  code?: string | null;
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
  const timer = options.timer ?? realTimer;
  const waitUntil = timer.now() + (options.waitForRunningMs ?? 0);
  for (;;) {
    const started = await client.request<{
      bulkOperationRunQuery: {
        bulkOperation: { id: string; status: string } | null;
        userErrors: UserError[];
      };
    }>(BULK_OPERATION_RUN_QUERY, { query }, { signal: options.signal });
    const { bulkOperation, userErrors } = started.bulkOperationRunQuery;
    if (bulkOperation && !userErrors.length)
      return waitForBulkOperation(client, bulkOperation.id, options);
    const message = userErrors.map((e) => e.message).join('; ') || 'no bulk operation returned';
    const busy = userErrors.some(
      (e) => e.code === 'OPERATION_IN_PROGRESS' || /in progress/i.test(e.message),
    );
    // Shopify runs one bulk query per shop at a time: another job's (the products export's,
    // say) is waited for, within waitForRunningMs, rather than failing this attempt.
    if (busy && timer.now() < waitUntil) {
      const running = await currentBulkOperation(client, 'QUERY', options.signal);
      await waitWhileRunning(client, running, waitUntil, options);
      continue;
    }
    throw new DomainError(
      /in progress|limit/i.test(message)
        ? ERROR_CODES.shopifyThrottled
        : ERROR_CODES.shopifyQueryFailed,
      `Shopify did not start the bulk query for shop '${client.shop.code}': ${message}`,
      /in progress|limit/i.test(message) ? 'transient' : 'permanent',
    );
  }
}

// The id of the shop's bulk query or mutation still CREATED or RUNNING, if any.
export async function currentBulkOperation(
  client: ShopifyGraphql,
  type: 'QUERY' | 'MUTATION',
  signal?: AbortSignal,
): Promise<string | null> {
  const reply = await client.request<{
    currentBulkOperation: { id: string; status: string } | null;
  }>(CURRENT_BULK_OPERATION, { type }, { operationName: 'CurrentBulkOperation', signal });
  const op = reply.currentBulkOperation;
  return op && (op.status === 'CREATED' || op.status === 'RUNNING') ? op.id : null;
}

// Polls someone else's operation until it is no longer running, or until `until`. Unlike
// waitForBulkOperation it never cancels it (it is not ours) and ignores how it ended.
export async function waitWhileRunning(
  client: ShopifyGraphql,
  id: string | null,
  until: number,
  options: BulkQueryOptions,
): Promise<void> {
  const timer = options.timer ?? realTimer;
  let pollMs = options.pollMs ?? 1000;
  for (;;) {
    await timer.sleep(Math.max(1, Math.min(pollMs, until - timer.now())), options.signal);
    if (options.signal?.aborted)
      throw new DomainError(ERROR_CODES.cancelled, 'the bulk query was cancelled', 'permanent');
    if (!id || timer.now() >= until) return;
    const { bulkOperation: state } = await client.request<{
      bulkOperation: BulkOperationState | null;
    }>(BULK_OPERATION_STATUS, { id }, { signal: options.signal });
    if (!state || (state.status !== 'CREATED' && state.status !== 'RUNNING')) return;
    pollMs = Math.min(options.maxPollMs ?? 10_000, Math.round(pollMs * 1.5));
  }
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

// The result file is downloaded whole (to a temporary file, never all in memory) before its
// first line is handed out: the caller records each line with a database write, and the
// connection to the storage server is not held open through all of that (a storage server may
// cut a slow reader off, and a download cut short with lines already recorded fails the job).
// A download cut short is simply started again (DOWNLOAD_ATTEMPTS): nothing has been read yet.
export async function* readBulkResult(
  url: string | null,
  options: Pick<BulkQueryOptions, 'signal' | 'fetch'> & { retryDelayMs?: number } = {},
): AsyncGenerator<BulkRecord> {
  if (!url) return;
  const dir = await mkdtemp(join(tmpdir(), 'shopsync-bulk-'));
  try {
    const file = join(dir, 'result.jsonl');
    await download(url, file, options);
    const lines = createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) if (line.trim()) yield JSON.parse(line) as BulkRecord;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const DOWNLOAD_ATTEMPTS = 3;

async function download(
  url: string,
  file: string,
  options: Pick<BulkQueryOptions, 'signal' | 'fetch'> & { retryDelayMs?: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // The HTTP status when the server answered with an error (not when the body broke off).
    let status: number | undefined;
    try {
      const response = await (options.fetch ?? fetch)(url, { signal: options.signal });
      if (!response.ok || !response.body) {
        status = response.status;
        throw new Error(`HTTP ${response.status}`);
      }
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(file));
      return;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // A refusal (an expired or wrong URL) is not retried here; a 5xx or a cut connection is.
      const again = (status === undefined || status >= 500) && attempt < DOWNLOAD_ATTEMPTS;
      if (!again)
        throw new DomainError(
          ERROR_CODES.shopifyUnavailable,
          `the bulk result could not be downloaded (${messageWithCause(error)}, attempt ${attempt} of ${DOWNLOAD_ATTEMPTS})`,
          'transient',
        );
      await sleep(options.retryDelayMs ?? 500 * attempt, undefined, { signal: options.signal });
    }
  }
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
