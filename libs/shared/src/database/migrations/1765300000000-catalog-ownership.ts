import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// An ERP item can be blocked (or removed) in the ERP: the products task then leaves it out of
// Shopify, or drafts or archives its product (the shop's products.removedItemAction). A shop's
// product remembers the media shopsync set (image URL → media id), so the images task replaces
// those and keeps the ones made in Shopify (null: from before, every media is kept).
const BLOCKED = new TableColumn({ name: 'blocked', type: 'boolean', default: false });
const MEDIA_IDS = new TableColumn({ name: 'mediaIds', type: 'text', isNullable: true });

export class CatalogOwnership1765300000000 implements MigrationInterface {
  name = 'CatalogOwnership1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('erp_items', BLOCKED);
    await queryRunner.addColumn('shop_products', MEDIA_IDS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('shop_products', MEDIA_IDS.name);
    await queryRunner.dropColumn('erp_items', BLOCKED.name);
  }
}
