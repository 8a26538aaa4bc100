import { DomainError, ERROR_CODES, TaskNotImplemented } from '@shopsync/shared';
import { conclude, ConcludeInput, finishedPatch, outcomeLogLine } from './conclude';

const now = new Date('2026-11-28T10:00:00Z');
const job = { attempt: 1, maxAttempts: 3, rerunDelaySeconds: 10, retryBackoff: 'fixed' as const };
const lastAttempt = { ...job, attempt: 3 };
const ok = { ok: true as const, summary: { updated: 2 } };
const transient = { ok: false as const, error: new Error('Shopify answered 503') };
const permanent = { ok: false as const, error: new TaskNotImplemented('orders') };
const noProgress = { processed: null, total: undefined };
const noSkips = { records: [], count: 0 };

function input(over: Partial<ConcludeInput>): ConcludeInput {
  return { job, outcome: ok, progress: noProgress, skipped: noSkips, now, ...over };
}

describe('conclude', () => {
  it.each<[string, Partial<ConcludeInput>, ReturnType<typeof conclude>]>([
    [
      'success',
      {},
      { kind: 'finish', patch: { status: 'succeeded', summary: { updated: 2 } }, chain: true },
    ],
    ['success after the lease was lost: dropped', { stopReason: 'lease-lost' }, { kind: 'drop' }],
    [
      'failure after the lease was lost: dropped',
      { outcome: transient, stopReason: 'lease-lost' },
      { kind: 'drop' },
    ],
    [
      'success while shutting down: the success stands',
      { stopReason: 'shutdown' },
      { kind: 'finish', patch: { status: 'succeeded', summary: { updated: 2 } }, chain: true },
    ],
    [
      'failure while shutting down: handed back',
      { outcome: transient, stopReason: 'shutdown' },
      {
        kind: 'hand-back',
      },
    ],
    [
      'failure after a cancel: cancelled',
      { outcome: transient, stopReason: 'cancelled' },
      {
        kind: 'finish',
        patch: {
          status: 'cancelled',
          error: 'cancelled while running',
          errorCode: ERROR_CODES.cancelled,
        },
        chain: false,
      },
    ],
    [
      'stopped by its timeout with attempts left: TIMEOUT, retried after the rerun delay',
      {
        outcome: { ok: false, error: new DomainError(ERROR_CODES.cancelled, 'stopped') },
        stopReason: 'timeout',
        timeout: { seconds: 30, source: 'the request' },
      },
      {
        kind: 'finish',
        patch: {
          status: 'retry-scheduled',
          nextAttemptAt: new Date('2026-11-28T10:00:10Z'),
          error: 'timed out after 30 s (timeout from the request)',
          errorCode: ERROR_CODES.timeout,
        },
        chain: false,
      },
    ],
    [
      'stopped by its timeout on the last attempt: failed TIMEOUT',
      {
        job: lastAttempt,
        outcome: permanent,
        stopReason: 'timeout',
        timeout: { seconds: 3600, source: 'settings.timeouts.orders' },
      },
      {
        kind: 'finish',
        patch: {
          status: 'failed',
          error: 'timed out after 3600 s (timeout from settings.timeouts.orders)',
          errorCode: ERROR_CODES.timeout,
          summary: null,
        },
        chain: false,
      },
    ],
    [
      'success although its timeout came: the success stands',
      { stopReason: 'timeout', timeout: { seconds: 1, source: 'the request' } },
      { kind: 'finish', patch: { status: 'succeeded', summary: { updated: 2 } }, chain: true },
    ],
    [
      'transient failure with attempts left: retry after the rerun delay',
      { outcome: transient },
      {
        kind: 'finish',
        patch: {
          status: 'retry-scheduled',
          nextAttemptAt: new Date(now.getTime() + 10_000),
          error: 'Shopify answered 503',
          errorCode: ERROR_CODES.internal,
        },
        chain: false,
      },
    ],
    [
      'transient failure at the last attempt: failed',
      { outcome: transient, job: lastAttempt },
      {
        kind: 'finish',
        patch: {
          status: 'failed',
          error: 'Shopify answered 503',
          errorCode: ERROR_CODES.internal,
          summary: null,
        },
        chain: false,
      },
    ],
    [
      'permanent failure: failed at once with its code',
      { outcome: permanent },
      {
        kind: 'finish',
        patch: {
          status: 'failed',
          error: "task 'orders' is not implemented yet",
          errorCode: ERROR_CODES.notImplemented,
          summary: null,
        },
        chain: false,
      },
    ],
    [
      'success with progress and skipped records: both recorded',
      {
        progress: { processed: 5, total: undefined },
        skipped: { records: [{ record: 'sku-1', reason: 'no price' }], count: 1 },
      },
      {
        kind: 'finish',
        patch: {
          status: 'succeeded',
          summary: {
            updated: 2,
            skippedRecords: [{ record: 'sku-1', reason: 'no price' }],
            skipped: 1,
          },
          progressProcessed: 5,
          progressTotal: null,
        },
        chain: true,
      },
    ],
    [
      'failure with skipped records: the skips are its summary',
      {
        outcome: { ok: false, error: new DomainError(ERROR_CODES.shopifyUnauthorized, '401') },
        progress: { processed: 3, total: 9 },
        skipped: { records: [{ record: 'c-1', reason: 'no email' }], count: 4 },
      },
      {
        kind: 'finish',
        patch: {
          status: 'failed',
          error: '401',
          errorCode: ERROR_CODES.shopifyUnauthorized,
          summary: { skippedRecords: [{ record: 'c-1', reason: 'no email' }], skipped: 4 },
          progressProcessed: 3,
          progressTotal: 9,
        },
        chain: false,
      },
    ],
  ])('%s', (_name, over, expected) => {
    expect(conclude(input(over))).toEqual(expected);
  });

  it('stamps terminal outcomes finished, a retry not, and frees the worker either way', () => {
    expect(finishedPatch({ status: 'failed' }, now)).toEqual({
      status: 'failed',
      finishedAt: now,
      updatedAt: now,
      workerId: null,
    });
    expect(finishedPatch({ status: 'retry-scheduled' }, now).finishedAt).toBeNull();
  });

  it('writes the log line of an outcome', () => {
    expect(outcomeLogLine({ status: 'succeeded' }, 2)).toEqual({
      attempt: 2,
      level: 'info',
      message: 'succeeded',
      data: undefined,
    });
    expect(outcomeLogLine({ status: 'failed', error: 'boom' }, 1)).toEqual({
      attempt: 1,
      level: 'error',
      message: 'failed: boom',
      data: { error: 'boom' },
    });
    const at = new Date(now.getTime() + 10_000);
    expect(
      outcomeLogLine({ status: 'retry-scheduled', nextAttemptAt: at, error: '503' }, 1).message,
    ).toBe(`attempt failed; retry at ${at.toISOString()}: 503`);
  });
});
