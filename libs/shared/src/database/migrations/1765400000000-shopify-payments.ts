import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders } from './portable-types';

// Issue 17: Shopify Payments payouts, balance transactions and disputes for the ERP, each
// unique per shop and Shopify id.
export class ShopifyPayments1765400000000 implements MigrationInterface {
  name = 'ShopifyPayments1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { t, str, at, bool, index } = columnBuilders(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'erp_payouts',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('shopId', 36),
          str('payoutId', 100),
          str('legacyId', 32),
          str('status', 32),
          bool('final'),
          str('transactionType', 16),
          at('issuedAt'),
          str('net', 32),
          str('gross', 32),
          str('currency', 8),
          str('shopCurrency', 8),
          { name: 'summary', type: t.json, isNullable: true },
          at('createdAt'),
          at('updatedAt'),
        ],
        indices: [
          index('ux_erp_payouts_shop_payout', ['shopId', 'payoutId'], true),
          index('ix_erp_payouts_feed', ['updatedAt', 'id']),
          index('ix_erp_payouts_open', ['shopId', 'final']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_balance_transactions',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('shopId', 36),
          str('transactionId', 100),
          { name: 'transactionNumber', type: 'bigint' },
          str('type', 64),
          str('amount', 32),
          str('fee', 32),
          str('net', 32),
          str('currency', 8),
          str('shopCurrency', 8),
          at('transactionDate'),
          str('shopifyOrderId', 100, true),
          str('orderName', 64, true),
          str('payoutId', 100, true),
          str('payoutStatus', 32, true),
          str('sourceType', 32, true),
          str('sourceOrderTransactionId', 32, true),
          bool('test'),
          at('createdAt'),
        ],
        indices: [
          index('ux_erp_balance_transactions_shop_tx', ['shopId', 'transactionId'], true),
          index('ix_erp_balance_transactions_feed', ['createdAt', 'id']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_disputes',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('shopId', 36),
          str('disputeId', 100),
          str('legacyId', 32),
          str('status', 32),
          bool('final'),
          str('kind', 16),
          str('amount', 32),
          str('currency', 8),
          str('shopCurrency', 8),
          str('reason', 32),
          str('shopifyOrderId', 100, true),
          str('orderName', 64, true),
          at('initiatedAt'),
          at('evidenceDueBy', true),
          at('finalizedOn', true),
          at('createdAt'),
          at('updatedAt'),
        ],
        indices: [
          index('ux_erp_disputes_shop_dispute', ['shopId', 'disputeId'], true),
          index('ix_erp_disputes_feed', ['updatedAt', 'id']),
          index('ix_erp_disputes_open', ['shopId', 'final']),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('erp_disputes');
    await queryRunner.dropTable('erp_balance_transactions');
    await queryRunner.dropTable('erp_payouts');
  }
}
