import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumn,
  TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { portableTypes } from './portable-types';

const REFUNDS_PENDING = new TableIndex({
  name: 'ix_shopify_orders_refunds_pending',
  columnNames: ['shopId', 'refundsPending'],
});

// Issue 16: whole orders in staging (`extras`), documents with currency, tax, discount, shipping
// and other non-item lines, the basis a conflict is judged on, write-back and archive marks,
// and credit memos from refunds. Every new column of an existing table is nullable or has the
// default that means what the rows already there meant.
export class OrderDocuments1765200000000 implements MigrationInterface {
  name = 'OrderDocuments1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const withDefault = (name: string, length: number, value: string) =>
      new TableColumn({ ...str(name, length), default: `'${value}'` });
    const json = (name: string) => new TableColumn({ name, type: t.json, isNullable: true });
    const at = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.timestamp,
      isNullable: nullable,
    });
    const bool = (name: string) => new TableColumn({ name, type: 'boolean', default: false });

    await queryRunner.addColumns('shopify_orders', [json('extras'), bool('refundsPending')]);
    await queryRunner.createIndex('shopify_orders', REFUNDS_PENDING);
    await queryRunner.addColumns('erp_sales_orders', [
      withDefault('currencyMode', 16, 'shop'),
      new TableColumn(str('exchangeRate', 32, true)),
      bool('pricesIncludeTax'),
      withDefault('invoiceDiscount', 32, '0.00'),
      json('paymentMethods'),
      json('nettedRefundIds'),
      json('basis'),
      json('conflict'),
      new TableColumn(at('conflictAcknowledgedAt', true)),
      new TableColumn(at('documentNumberSentAt', true)),
      new TableColumn(at('shopifyClosedAt', true)),
    ]);
    await queryRunner.addColumns('erp_sales_order_lines', [
      withDefault('kind', 16, 'item'),
      withDefault('type', 16, 'item'),
      withDefault('lineDiscount', 32, '0.00'),
      withDefault('taxAmount', 32, '0.00'),
      json('taxes'),
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'erp_credit_memos',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('shopId', 36),
          str('shopifyOrderId', 100),
          str('shopifyRefundId', 100),
          str('shopifyReturnId', 100, true),
          str('salesOrderId', 36),
          str('number', 100),
          str('orderName', 64),
          str('erpCustomerId', 36),
          str('customerNumber', 64),
          str('currency', 8),
          str('exchangeRate', 32, true),
          { name: 'pricesIncludeTax', type: 'boolean', default: false },
          str('subtotal', 32),
          str('tax', 32),
          str('total', 32),
          { name: 'note', type: 'text', isNullable: true },
          at('refundedAt'),
          at('createdAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_erp_credit_memos_shop_refund',
            columnNames: ['shopId', 'shopifyRefundId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_erp_credit_memos_feed', columnNames: ['createdAt', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_credit_memo_lines',
        columns: [
          { ...str('creditMemoId', 36), isPrimary: true },
          { name: 'lineNo', type: 'integer', isPrimary: true },
          str('kind', 16),
          str('type', 16),
          str('no', 100),
          str('description', 255),
          { name: 'quantity', type: 'integer' },
          str('unitPrice', 32),
          str('amount', 32),
          str('taxAmount', 32),
          str('shopifyLineItemId', 100, true),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('erp_credit_memo_lines');
    await queryRunner.dropTable('erp_credit_memos');
    for (const c of ['taxes', 'taxAmount', 'lineDiscount', 'type', 'kind'])
      await queryRunner.dropColumn('erp_sales_order_lines', c);
    for (const c of [
      'shopifyClosedAt',
      'documentNumberSentAt',
      'conflictAcknowledgedAt',
      'conflict',
      'basis',
      'nettedRefundIds',
      'paymentMethods',
      'invoiceDiscount',
      'pricesIncludeTax',
      'exchangeRate',
      'currencyMode',
    ])
      await queryRunner.dropColumn('erp_sales_orders', c);
    await queryRunner.dropIndex('shopify_orders', REFUNDS_PENDING.name!);
    await queryRunner.dropColumn('shopify_orders', 'refundsPending');
    await queryRunner.dropColumn('shopify_orders', 'extras');
  }
}
