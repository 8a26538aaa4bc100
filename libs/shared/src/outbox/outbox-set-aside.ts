import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isCloudEvent } from '../contracts/cloud-event';
import { TOPICS } from '../contracts/topics';
import { JobEntity, JobLogEntity, OutboxEntity } from '../database/entities';
import { ERROR_CODES } from '../domain/errors';
import { recordJobNotification } from '../notifications/notification-outbox';

export interface SetAside {
  row: OutboxEntity;
  reason: string;
}

// Marks refused rows so no flush takes them again, and fails the job a refused sync request
// was for (still queued for that attempt): it cannot run, and saying so beats waiting forever.
// Returns each row with the job it failed, if any.
export async function setAsideRows(
  ds: DataSource,
  refused: SetAside[],
): Promise<Array<SetAside & { job?: JobEntity }>> {
  if (!refused.length) return [];
  const now = new Date();
  return ds.transaction(async (manager) => {
    const failed: Array<SetAside & { job?: JobEntity }> = [];
    for (const { row, reason } of refused) {
      failed.push({ row, reason });
      await manager.update(OutboxEntity, { id: row.id }, { failedAt: now, lastError: reason });
      const request = row.topic === TOPICS.syncRequested ? requestOf(row.payload) : undefined;
      if (!request) continue;
      const error = `its sync request could not be published: ${reason}`;
      const done = await manager
        .createQueryBuilder()
        .update(JobEntity)
        .set({
          status: 'failed',
          error,
          errorCode: ERROR_CODES.outboxUnpublishable,
          finishedAt: now,
          updatedAt: now,
        })
        .where('id = :id AND status = :status AND attempt = :attempt', {
          id: request.jobId,
          status: 'queued',
          attempt: request.attempt,
        })
        .execute();
      if (!done.affected) continue;
      const log: Omit<JobLogEntity, 'id'> = {
        jobId: request.jobId,
        attempt: request.attempt,
        level: 'error',
        message: `failed: ${error}`,
        data: { errorCode: ERROR_CODES.outboxUnpublishable },
        at: now,
      };
      await manager.insert(JobLogEntity, log as QueryDeepPartialEntity<JobLogEntity>);
      const job = await manager.findOne(JobEntity, { where: { id: request.jobId } });
      if (!job) continue;
      failed[failed.length - 1].job = job;
      await recordJobNotification(manager, job, now);
    }
    return failed;
  });
}

function requestOf(payload: string): { jobId: string; attempt: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(payload);
    const value = (isCloudEvent(parsed) ? parsed.data : parsed) as {
      jobId?: unknown;
      attempt?: unknown;
    };
    if (typeof value.jobId === 'string' && typeof value.attempt === 'number')
      return { jobId: value.jobId, attempt: value.attempt };
  } catch {
    // Not JSON: there is no job to fail.
  }
  return undefined;
}
