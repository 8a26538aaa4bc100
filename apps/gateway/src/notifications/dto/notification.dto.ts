import type {
  NotificationAttemptEntity,
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
} from '@shopsync/shared';

export interface NotificationEndpointDto {
  id: string;
  shop: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
  // Only in the answer to its creation: the signing secret, shown once.
  secret?: string;
}

export function toEndpointDto(
  e: NotificationEndpointEntity,
  secret?: string,
): NotificationEndpointDto {
  return {
    id: e.id,
    shop: e.shopCode,
    url: e.url,
    events: e.events,
    description: e.description,
    createdAt: e.createdAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}

export interface NotificationDeliveryDto {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body: unknown;
  history: Array<{
    attempt: number;
    at: string;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    nextAttemptAt: string | null;
  }>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeliveryDto(
  d: NotificationDeliveryEntity,
  attempts: NotificationAttemptEntity[],
): NotificationDeliveryDto {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    body: JSON.parse(d.body) as unknown,
    history: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
      nextAttemptAt: iso(a.nextAttemptAt),
    })),
  };
}
