import type { JobEntity } from '@shopsync/shared';

// The log line of every job the gateway requests (syncs, batches, webhooks, Kafka commands,
// a schedule's run-now): one shape, so one query finds them all.
export function jobRequestedLine(
  job: JobEntity,
  shopCode: string,
  extra: Record<string, string> = {},
): Record<string, unknown> {
  return {
    msg: 'job requested',
    jobId: job.id,
    shop: shopCode,
    task: job.task,
    trigger: job.trigger,
    ...extra,
    traceId: job.traceId,
  };
}
