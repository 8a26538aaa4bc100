import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// ERP stock by quantity type: `quantity` stays the on-hand quantity; reserved and incoming are
// added (0 for the rows written before), so a shop location can send available (on hand −
// reserved) or projected (+ incoming) stock.
const RESERVED = new TableColumn({ name: 'reserved', type: 'integer', default: 0 });
const INCOMING = new TableColumn({ name: 'incoming', type: 'integer', default: 0 });

export class StockByType1765800000000 implements MigrationInterface {
  name = 'StockByType1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('erp_stock', RESERVED);
    await queryRunner.addColumn('erp_stock', INCOMING);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('erp_stock', INCOMING.name);
    await queryRunner.dropColumn('erp_stock', RESERVED.name);
  }
}
