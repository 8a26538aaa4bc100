import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders } from './portable-types';

// Issue 19, items 6 and 7: notification endpoints with their deliveries (the notification
// outbox) and delivery attempts; the operator audit. A failure's acknowledgement on jobs, which
// the bulk operations set, is strict ordering's (1766100000000).
export class NotificationsAndAudit1766200000000 implements MigrationInterface {
  name = 'NotificationsAndAudit1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { str, at, text, int, serial, index } = columnBuilders(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'notification_endpoints',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('shopId', 36),
          str('shopCode', 64),
          str('url', 2048),
          text('events'),
          str('description', 200, true),
          text('secretEnc'),
          at('createdAt'),
        ],
        indices: [index('ix_notification_endpoints_shop', ['shopId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('endpointId', 36),
          str('shopId', 36),
          str('eventId', 36),
          str('eventType', 32),
          str('eventKey', 200),
          text('body'),
          str('status', 16),
          { ...int('attempts'), default: 0 },
          at('nextAttemptAt', true),
          int('lastStatusCode', true),
          text('lastError', true),
          at('createdAt'),
          at('deliveredAt', true),
        ],
        indices: [
          index('ux_notification_deliveries_event', ['endpointId', 'eventKey'], true),
          index('ix_notification_deliveries_due', ['status', 'nextAttemptAt']),
          index('ix_notification_deliveries_endpoint', ['endpointId', 'createdAt']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_attempts',
        columns: [
          serial,
          str('deliveryId', 36),
          int('attempt'),
          at('at'),
          int('statusCode', true),
          int('durationMs'),
          text('error', true),
          at('nextAttemptAt', true),
        ],
        indices: [index('ix_notification_attempts_delivery', ['deliveryId', 'attempt'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'operator_audit',
        columns: [
          serial,
          at('at'),
          str('keyName', 100),
          str('keyId', 16),
          str('action', 64),
          text('filter'),
          int('matched'),
          int('affected'),
          { name: 'truncated', type: 'boolean', default: false },
        ],
        indices: [index('ix_operator_audit_at', ['at'])],
      }),
    );
    // A failure's acknowledgement (jobs.acknowledgedAt/By) came with 1766100000000.
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'operator_audit',
      'notification_attempts',
      'notification_deliveries',
      'notification_endpoints',
    ])
      await queryRunner.dropTable(table);
  }
}
