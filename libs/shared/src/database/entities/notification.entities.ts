import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// A shop's callback URL (issue 19): the events it wants, and its signing secret, sealed with the
// credentials key (it must be read back to sign, so it is encrypted, not hashed).
@Entity('notification_endpoints')
@Index('ix_notification_endpoints_shop', ['shopId'])
export class NotificationEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  // A shop's code never changes: kept here so an event names its shop without a join.
  @Column({ type: 'varchar', length: 64 })
  shopCode: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'simple-json' })
  events: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  secretEnc: string;

  @DateTimeColumn()
  createdAt: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

// One event for one endpoint: the outbox row of a notification, committed with the change that
// raised it, delivered (and retried) by the scheduler. `body` is the exact JSON that is signed.
@Entity('notification_deliveries')
@Index('ux_notification_deliveries_event', ['endpointId', 'eventKey'], { unique: true })
@Index('ix_notification_deliveries_due', ['status', 'nextAttemptAt'])
@Index('ix_notification_deliveries_endpoint', ['endpointId', 'createdAt'])
export class NotificationDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  endpointId: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  // The event's id as receivers see it (the same for every endpoint of one event).
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 32 })
  eventType: string;

  // What makes an event one event (e.g. `job.failed/<job id>/<finished at>`): a second record
  // of the same event is ignored.
  @Column({ type: 'varchar', length: 200 })
  eventKey: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  // When the next attempt is due; while an attempt runs, until when it is claimed.
  @DateTimeColumn({ nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true })
  deliveredAt: Date | null;
}

// One HTTP attempt of a delivery.
@Entity('notification_attempts')
@Index('ix_notification_attempts_delivery', ['deliveryId', 'attempt'])
export class NotificationAttemptEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 36 })
  deliveryId: string;

  @Column({ type: 'integer' })
  attempt: number;

  @DateTimeColumn()
  at: Date;

  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'integer' })
  durationMs: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  // When the next attempt was planned (null: delivered, or no attempts left).
  @DateTimeColumn({ nullable: true })
  nextAttemptAt: Date | null;
}

// What an operator did through a bulk or administrative route: who (the API key), when, what
// with which filter, and how many rows it touched.
@Entity('operator_audit')
@Index('ix_operator_audit_at', ['at'])
export class OperatorAuditEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @DateTimeColumn()
  at: Date;

  @Column({ type: 'varchar', length: 100 })
  keyName: string;

  // The first 12 hex digits of the key's SHA-256: names the key without revealing it.
  @Column({ type: 'varchar', length: 16 })
  keyId: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'simple-json' })
  filter: Record<string, unknown>;

  @Column({ type: 'integer' })
  matched: number;

  @Column({ type: 'integer' })
  affected: number;

  // The call stopped at its bound: more rows matched than it acted on.
  @Column({ type: 'boolean', default: false })
  truncated: boolean;
}

export const NOTIFICATION_ENTITIES = [
  NotificationEndpointEntity,
  NotificationDeliveryEntity,
  NotificationAttemptEntity,
  OperatorAuditEntity,
];
