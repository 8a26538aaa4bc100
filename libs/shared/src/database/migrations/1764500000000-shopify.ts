import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Shopify connectivity: the API call log and the webhook deliveries already received.
export class Shopify1764500000000 implements MigrationInterface {
  name = 'Shopify1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'shopify_call_logs',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'at', type: t.timestamp },
          { name: 'shopId', type: t.id, length: '36' },
          { name: 'jobId', type: t.id, length: '36', isNullable: true },
          { name: 'operation', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'httpStatus', type: 'integer', isNullable: true },
          { name: 'requestedCost', type: 'integer', isNullable: true },
          { name: 'actualCost', type: 'integer', isNullable: true },
          { name: 'durationMs', type: 'integer' },
          { name: 'requestId', type: 'varchar', length: '100', isNullable: true },
          { name: 'attempt', type: 'integer' },
          { name: 'error', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_shopify_call_logs_shop_at', columnNames: ['shopId', 'at'] }),
          new TableIndex({ name: 'ix_shopify_call_logs_job', columnNames: ['jobId'] }),
          new TableIndex({ name: 'ix_shopify_call_logs_at', columnNames: ['at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shopify_webhooks',
        columns: [
          { name: 'webhookId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'eventId', type: 'varchar', length: '100', isNullable: true },
          { name: 'shopId', type: t.id, length: '36' },
          { name: 'topic', type: 'varchar', length: '100' },
          { name: 'receivedAt', type: t.timestamp },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'jobId', type: t.id, length: '36', isNullable: true },
          { name: 'detail', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_shopify_webhooks_received', columnNames: ['receivedAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('shopify_webhooks');
    await queryRunner.dropTable('shopify_call_logs');
  }
}
