import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// Issue 18: an ERP shipment names its shipping agent (mapped to Shopify's tracking company by
// the shop's settings), and remembers the units already fulfilled when it is sent in several
// fulfillmentCreate calls (over 250 lines) and one of them fails.
const AGENT = new TableColumn({
  name: 'shippingAgentCode',
  type: 'varchar',
  length: '64',
  isNullable: true,
});
const SENT = new TableColumn({ name: 'sentQuantities', type: 'text', isNullable: true });

export class ShipmentAgents1765900000000 implements MigrationInterface {
  name = 'ShipmentAgents1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('erp_shipments', [AGENT, SENT]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('erp_shipments', SENT.name);
    await queryRunner.dropColumn('erp_shipments', AGENT.name);
  }
}
