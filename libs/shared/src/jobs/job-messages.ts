import { createHash } from 'node:crypto';
import { encodeEvent } from '../contracts/cloud-event';
import { partitionKey } from '../contracts/partition-key';
import { SyncLifecycleV1 } from '../contracts/sync-lifecycle.v1';
import { SyncRequestedV1 } from '../contracts/sync-requested.v1';
import { TOPICS } from '../contracts/topics';
import type { JobEntity } from '../database/entities';
import type { OutgoingMessage } from '../kafka/kafka-producer.service';

import { jobTraceHeaders } from '../tracing/trace-context';

// Stable hash of task + params: key order does not matter, so equal requests coalesce.
export function paramsHash(task: string, params: object | null | undefined): string {
  return createHash('sha256')
    .update(`${task}\n${stableStringify(params ?? {})}`)
    .digest('hex');
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}

export function syncRequestedOf(job: JobEntity): SyncRequestedV1 {
  return {
    jobId: job.id,
    shopId: job.shopId,
    task: job.task as SyncRequestedV1['task'],
    category: job.category,
    trigger: job.trigger,
    attempt: job.attempt,
    requestedAt: job.requestedAt.toISOString(),
    params: job.params ?? undefined,
    traceId: job.traceId,
  };
}

export function jobKey(job: Pick<JobEntity, 'shopId' | 'category'>): string {
  return partitionKey(job.shopId, job.category);
}

// `waitingFor` announces a queued job as `waiting` behind that job.
export function lifecycleOf(job: JobEntity, at: Date, waitingFor?: string): SyncLifecycleV1 {
  return {
    jobId: job.id,
    status: waitingFor ? 'waiting' : job.status,
    ...(waitingFor ? { waitingFor } : {}),
    at: at.toISOString(),
    attempt: job.attempt,
    progress:
      job.progressProcessed !== null && job.progressProcessed !== undefined
        ? { processed: job.progressProcessed, total: job.progressTotal ?? undefined }
        : undefined,
    summary: job.summary ?? undefined,
    error: job.error ?? undefined,
  };
}

// The sync.lifecycle record of a job's state, as every app that announces one sends it.
export function lifecycleMessageOf(job: JobEntity, at: Date, waitingFor?: string): OutgoingMessage {
  const key = jobKey(job);
  return {
    key,
    value: encodeEvent(TOPICS.syncLifecycle, key, lifecycleOf(job, at, waitingFor), { time: at }),
    headers: jobTraceHeaders(job.traceId),
  };
}
