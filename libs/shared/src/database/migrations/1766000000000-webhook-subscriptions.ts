import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnBuilders } from './portable-types';

// Issue 18: the Shopify webhook subscriptions shopsync makes per shop, and the scheduler's work
// on them. Every existing shop gets its sync row, never checked, so the first check is due.
export class WebhookSubscriptions1766000000000 implements MigrationInterface {
  name = 'WebhookSubscriptions1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { str, at } = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'shop_webhook_subscriptions',
        columns: [
          { ...str('shopId', 36), isPrimary: true },
          { ...str('topic', 64), isPrimary: true },
          str('subscriptionId', 255, true),
          str('uri', 2048),
          str('state', 16),
          { name: 'error', type: 'text', isNullable: true },
          at('updatedAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shop_webhook_syncs',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('kind', 8),
          str('shopId', 36),
          at('requestedAt', true),
          at('checkedAt', true),
          str('claimedBy', 100, true),
          at('claimedUntil', true),
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'error', type: 'text', isNullable: true },
          str('domain', 255, true),
          str('apiVersion', 16, true),
          str('shopCode', 64, true),
          { name: 'accessTokenEnc', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_shop_webhook_syncs_requested', columnNames: ['requestedAt'] }),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO shop_webhook_syncs (id, kind, "shopId", attempts) SELECT id, 'sync', id, 0 FROM shops`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('shop_webhook_syncs');
    await queryRunner.dropTable('shop_webhook_subscriptions');
  }
}
