import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotificationDeliveryEntity, NotificationEndpointEntity } from '../database/entities';
import type { JobEntity } from '../database/entities';
import type { JsonObject } from '../domain/tasks';
import type { NotificationEventType } from './notification-events';

export interface NotificationEvent {
  shopId: string;
  type: NotificationEventType;
  // One event, however often it is recorded (a redelivered message, a retried transaction).
  key: string;
  at: Date;
  data: JsonObject;
}

// The notification outbox: one delivery row per endpoint of the shop that asked for the event,
// written in the caller's transaction, so an event is delivered if and only if the change that
// raised it commits. The scheduler delivers them (apps/scheduler/src/notifications).
export async function recordNotification(
  manager: EntityManager,
  event: NotificationEvent,
): Promise<number> {
  const endpoints = (
    await manager.find(NotificationEndpointEntity, { where: { shopId: event.shopId } })
  ).filter((e) => e.events.includes(event.type));
  if (!endpoints.length) return 0;
  const eventId = randomUUID();
  const rows = endpoints.map((endpoint): NotificationDeliveryEntity => ({
    id: randomUUID(),
    endpointId: endpoint.id,
    shopId: event.shopId,
    eventId,
    eventType: event.type,
    eventKey: event.key.slice(0, 200),
    body: JSON.stringify({
      id: eventId,
      type: event.type,
      createdAt: event.at.toISOString(),
      shop: { id: event.shopId, code: endpoint.shopCode },
      data: event.data,
    }),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: event.at,
    lastStatusCode: null,
    lastError: null,
    createdAt: event.at,
    deliveredAt: null,
  }));
  // The same event recorded twice (same endpoint and key) is kept once.
  await manager
    .createQueryBuilder()
    .insert()
    .into(NotificationDeliveryEntity)
    .values(rows)
    .orIgnore()
    .updateEntity(false)
    .execute();
  return rows.length;
}

// job.failed (final: no attempts left, or a permanent error) and job.succeeded, from the
// finished row. Other statuses raise nothing.
export function jobNotificationOf(job: JobEntity, at: Date): NotificationEvent | null {
  if (job.status !== 'failed' && job.status !== 'succeeded') return null;
  const finishedAt = job.finishedAt ?? at;
  return {
    shopId: job.shopId,
    type: job.status === 'failed' ? 'job.failed' : 'job.succeeded',
    key: `job.${job.status}/${job.id}/${finishedAt.getTime()}`,
    at,
    data: {
      jobId: job.id,
      task: job.task,
      category: job.category,
      status: job.status,
      trigger: job.trigger,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      requestedAt: job.requestedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      error: job.error,
      errorCode: job.errorCode,
      scheduleId: job.scheduleId,
    },
  };
}

// Records the job's outcome event, if it raises one, in the caller's transaction.
export async function recordJobNotification(
  manager: EntityManager,
  job: JobEntity,
  at: Date,
): Promise<void> {
  const event = jobNotificationOf(job, at);
  if (event) await recordNotification(manager, event);
}
