import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// An ERP item can be blocked (or removed) in the ERP: the products task then leaves it out of
// Shopify, or drafts or archives its product (the shop's products.removedItemAction).
const BLOCKED = new TableColumn({ name: 'blocked', type: 'boolean', default: false });

export class ErpItemBlocked1765300000000 implements MigrationInterface {
  name = 'ErpItemBlocked1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('erp_items', BLOCKED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('erp_items', BLOCKED.name);
  }
}
