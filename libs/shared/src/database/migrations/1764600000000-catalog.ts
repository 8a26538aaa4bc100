import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Catalog sync: ERP items and stock (the inbox), each shop's catalog mapping and locations, the
// last known Shopify inventory levels and incremental cursors.
export class Catalog1764600000000 implements MigrationInterface {
  name = 'Catalog1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'erp_items',
        columns: [
          { name: 'itemNo', type: 'varchar', length: '64', isPrimary: true },
          { name: 'title', type: 'varchar', length: '255' },
          { name: 'description', type: 'text', isNullable: true },
          { name: 'vendor', type: 'varchar', length: '255', isNullable: true },
          { name: 'productType', type: 'varchar', length: '255', isNullable: true },
          { name: 'tags', type: t.json },
          { name: 'options', type: t.json },
          { name: 'variants', type: t.json },
          { name: 'imageUrls', type: t.json },
          { name: 'updatedAt', type: t.timestamp },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_item_variants',
        columns: [
          { name: 'sku', type: 'varchar', length: '64', isPrimary: true },
          { name: 'itemNo', type: 'varchar', length: '64' },
        ],
        indices: [new TableIndex({ name: 'ix_erp_item_variants_item', columnNames: ['itemNo'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'erp_stock',
        columns: [
          { name: 'sku', type: 'varchar', length: '64', isPrimary: true },
          { name: 'locationCode', type: 'varchar', length: '64', isPrimary: true },
          { name: 'quantity', type: 'integer' },
          { name: 'updatedAt', type: t.timestamp },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shop_products',
        columns: [
          { name: 'shopId', type: t.id, length: '36', isPrimary: true },
          { name: 'itemNo', type: 'varchar', length: '64', isPrimary: true },
          { name: 'shopifyProductId', type: 'varchar', length: '100', isNullable: true },
          { name: 'variantIds', type: t.json },
          { name: 'inventoryItemIds', type: t.json },
          { name: 'contentHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'priceHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'imageHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'lastSyncedAt', type: t.timestamp, isNullable: true },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'addedAt', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'ix_shop_products_shopify',
            columnNames: ['shopId', 'shopifyProductId'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shop_locations',
        columns: [
          { name: 'shopId', type: t.id, length: '36', isPrimary: true },
          { name: 'shopifyLocationId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'erpLocationCode', type: 'varchar', length: '64', isNullable: true },
          { name: 'stockSync', type: 'boolean', default: false },
          { name: 'importedAt', type: t.timestamp },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'shop_inventory_levels',
        columns: [
          { name: 'shopId', type: t.id, length: '36', isPrimary: true },
          { name: 'inventoryItemId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'locationId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'quantity', type: 'integer' },
          { name: 'updatedAt', type: t.timestamp },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sync_cursors',
        columns: [
          { name: 'shopId', type: t.id, length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
          { name: 'updatedAt', type: t.timestamp },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'sync_cursors',
      'shop_inventory_levels',
      'shop_locations',
      'shop_products',
      'erp_stock',
      'erp_item_variants',
      'erp_items',
    ])
      await queryRunner.dropTable(table);
  }
}
