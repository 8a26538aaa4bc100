import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// The order side: ERP customers and their Shopify mapping, order staging, ERP sales orders with
// lines, ERP shipments and ERP payments (sync cursors are the catalog's `sync_cursors`).
export class Orders1764700000000 implements MigrationInterface {
  name = 'Orders1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const id = (name: string, primary = false): TableColumnOptions => ({
      name,
      type: t.id,
      length: '36',
      isPrimary: primary,
    });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const at = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.timestamp,
      isNullable: nullable,
    });
    const json = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.json,
      isNullable: nullable,
    });
    const money = (name: string) => str(name, 32);

    await queryRunner.createTable(
      new Table({
        name: 'erp_customers',
        columns: [
          id('id', true),
          str('number', 64),
          str('email', 255, true),
          str('phone', 64, true),
          str('firstName', 100, true),
          str('lastName', 100, true),
          str('company', 255, true),
          json('address', true),
          str('source', 16),
          at('createdAt'),
          at('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_erp_customers_number',
            columnNames: ['number'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_erp_customers_email', columnNames: ['email'] }),
          new TableIndex({ name: 'ix_erp_customers_phone', columnNames: ['phone'] }),
          new TableIndex({ name: 'ix_erp_customers_feed', columnNames: ['updatedAt', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shop_customers',
        columns: [
          id('shopId', true),
          { ...str('shopifyCustomerId', 100), isPrimary: true },
          id('erpCustomerId'),
          json('shopify'),
          at('shopifyUpdatedAt', true),
          at('createdAt'),
          at('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_shop_customers_erp',
            columnNames: ['shopId', 'erpCustomerId'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shopify_orders',
        columns: [
          id('id', true),
          id('shopId'),
          str('shopifyOrderId', 100),
          str('name', 64),
          json('customer'),
          str('currency', 8),
          str('financialStatus', 32, true),
          str('fulfillmentStatus', 32, true),
          { name: 'closed', type: 'boolean', default: false },
          at('cancelledAt', true),
          money('subtotal'),
          money('shipping'),
          money('tax'),
          money('total'),
          json('lines'),
          json('shippingAddress', true),
          json('billingAddress', true),
          at('shopifyCreatedAt'),
          at('shopifyUpdatedAt'),
          { name: 'processed', type: 'boolean', default: false },
          at('processedAt', true),
          { name: 'error', type: 'text', isNullable: true },
          { ...id('salesOrderId'), isNullable: true },
          at('importedAt'),
          at('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_shopify_orders_shop_order',
            columnNames: ['shopId', 'shopifyOrderId'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_shopify_orders_unprocessed',
            columnNames: ['shopId', 'processed'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_sales_orders',
        columns: [
          id('id', true),
          id('shopId'),
          str('shopifyOrderId', 100),
          str('number', 100),
          str('documentType', 16),
          str('orderName', 64),
          id('erpCustomerId'),
          str('customerNumber', 64),
          str('currency', 8),
          money('subtotal'),
          money('shipping'),
          money('tax'),
          money('total'),
          str('financialStatus', 32, true),
          json('sellToAddress', true),
          json('shipToAddress', true),
          at('orderDate'),
          at('createdAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_erp_sales_orders_shop_order',
            columnNames: ['shopId', 'shopifyOrderId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_erp_sales_orders_feed', columnNames: ['createdAt', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_sales_order_lines',
        columns: [
          id('salesOrderId', true),
          { name: 'lineNo', type: 'integer', isPrimary: true },
          str('sku', 100),
          str('description', 255),
          { name: 'quantity', type: 'integer' },
          money('unitPrice'),
          money('amount'),
          str('shopifyLineItemId', 100),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_shipments',
        columns: [
          id('id', true),
          id('shopId'),
          str('number', 64),
          str('shopifyOrderId', 100),
          json('lines'),
          str('trackingCompany', 100, true),
          str('trackingNumber', 100, true),
          str('trackingUrl', 500, true),
          str('locationId', 100, true),
          str('status', 16),
          json('fulfillmentIds', true),
          { name: 'failureReason', type: 'text', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          at('createdAt'),
          at('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_erp_shipments_shop_number',
            columnNames: ['shopId', 'number'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_erp_shipments_pending', columnNames: ['shopId', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_payments',
        columns: [
          id('id', true),
          id('shopId'),
          str('transactionId', 100),
          str('shopifyOrderId', 100),
          str('orderName', 64),
          str('kind', 32),
          str('status', 32),
          str('gateway', 100, true),
          money('amount'),
          str('currency', 8),
          str('parentTransactionId', 100, true),
          at('processedAt', true),
          at('createdAt'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_erp_payments_transaction',
            columnNames: ['transactionId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_erp_payments_feed', columnNames: ['createdAt', 'id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'erp_payments',
      'erp_shipments',
      'erp_sales_order_lines',
      'erp_sales_orders',
      'shopify_orders',
      'shop_customers',
      'erp_customers',
    ])
      await queryRunner.dropTable(table);
  }
}
