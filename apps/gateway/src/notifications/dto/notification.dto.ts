import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, NOTIFICATION_EVENTS } from '@shopsync/shared';
import {
  ApiDateTime,
  ApiJsonObject,
  ApiNullableDateTime,
  ApiNullableString,
  ListOf,
  PageOf,
} from '../../common/api-schema';
import type {
  NotificationAttemptEntity,
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
} from '@shopsync/shared';

export class NotificationEndpointDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'eu-store', description: 'the shop code' })
  shop: string;

  @ApiProperty({ example: 'https://erp.example.com/hooks/shopsync' })
  url: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true, example: ['job.failed'] })
  events: string[];

  @ApiNullableString({ example: 'ERP on-call alerts' })
  description: string | null;

  @ApiDateTime()
  createdAt: string;

  // Only in the answer to its creation: the signing secret, shown once.
  @ApiPropertyOptional({ description: 'the signing secret: only in the answer to its creation' })
  secret?: string;
}

export class NotificationEndpointListDto extends ListOf(NotificationEndpointDto) {}

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

export class DeliveryAttemptDto {
  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiDateTime()
  at: string;

  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'null: no answer' })
  statusCode: number | null;

  @ApiProperty({ example: 35 })
  durationMs: number;

  @ApiNullableString()
  error: string | null;

  @ApiNullableDateTime()
  nextAttemptAt: string | null;
}

export class NotificationDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, example: 'job.failed' })
  eventType: string;

  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' })
  status: string;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiNullableDateTime({ description: 'pending: the next attempt' })
  nextAttemptAt: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiNullableString()
  lastError: string | null;

  @ApiDateTime()
  createdAt: string;

  @ApiNullableDateTime()
  deliveredAt: string | null;

  @ApiJsonObject({ description: 'the event as sent' })
  body: unknown;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  history: DeliveryAttemptDto[];
}

export class NotificationDeliveryPageDto extends PageOf(NotificationDeliveryDto) {}

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
