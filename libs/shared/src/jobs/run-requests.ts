import type { SyncLifecycleV1 } from '../contracts/sync-lifecycle.v1';
import { TOPICS } from '../contracts/topics';
import type { JobEntity } from '../database/entities';
import type { JsonObject } from '../domain/tasks';
import type { OutboxMessage } from '../outbox/outbox.publisher';
import { jobTraceHeaders } from '../tracing/trace-context';
import { jobKey, syncRequestedOf } from './job-messages';

export type LogLevel = 'info' | 'warn' | 'error';

export interface NewLogLine {
  jobId: string;
  attempt: number;
  level: LogLevel;
  message: string;
  data?: JsonObject;
}

// One run asked of a worker: a new job (HTTP, webhook, Kafka, schedule, chained follow-up), or
// an existing one re-queued in place (a retry whose delay has passed, a run whose worker died).
export interface RunRequest {
  job: JobEntity;
  // The job row exists already: only its message (and log line) is written.
  requeued?: boolean;
  // The line that opens this attempt in the job's log.
  log?: { level?: LogLevel; message: string; data?: JsonObject };
  // The trace context of the run's message (`traceparent`), when the caller has its own span.
  traceHeaders?: Record<string, string>;
}

// The outbox row that asks a worker to run (or re-run) the job.
export function requestMessageOf(
  job: JobEntity,
  traceHeaders?: Record<string, string>,
): OutboxMessage {
  return {
    topic: TOPICS.syncRequested,
    key: jobKey(job),
    payload: syncRequestedOf(job),
    headers: traceHeaders?.traceparent ? traceHeaders : jobTraceHeaders(job.traceId),
  };
}

// Everything one run request publishes, in this order: the `queued` lifecycle event (so that it
// goes out before the worker can answer `running`), then the request itself.
export function runMessagesOf(
  job: JobEntity,
  now: Date,
  traceHeaders?: Record<string, string>,
): OutboxMessage[] {
  const request = requestMessageOf(job, traceHeaders);
  // A re-queued job's last error and counts belong to the attempt before.
  const queued: SyncLifecycleV1 = {
    jobId: job.id,
    status: 'queued',
    at: now.toISOString(),
    attempt: job.attempt,
  };
  return [
    {
      topic: TOPICS.syncLifecycle,
      key: jobKey(job),
      payload: queued,
      headers: request.headers,
    },
    request,
  ];
}

export function newJobsOf(requests: RunRequest[]): JobEntity[] {
  return requests.filter((r) => !r.requeued).map((r) => r.job);
}

export function logLinesOf(requests: RunRequest[]): NewLogLine[] {
  return requests.flatMap(({ job, log }) =>
    log
      ? [
          {
            jobId: job.id,
            attempt: job.attempt,
            level: log.level ?? 'info',
            message: log.message,
            data: log.data,
          },
        ]
      : [],
  );
}
