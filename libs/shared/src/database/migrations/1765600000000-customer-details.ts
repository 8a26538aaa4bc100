import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { companyKey } from '../../erp/customer-identity';
import { portableTypes } from './portable-types';

// Issue 17, the rest: an ERP customer's tax exemption, marketing consent (Shopify's), its other
// addresses and the key B2B orders match its company by; a sales document's B2B company and
// location. All nullable: a row already there knows none of them.
const IX_COMPANY = new TableIndex({
  name: 'ix_erp_customers_company',
  columnNames: ['companyKey'],
});
const CUSTOMER_JSON = [
  'taxExemptions',
  'emailMarketingConsent',
  'smsMarketingConsent',
  'addresses',
];

export class CustomerDetails1765600000000 implements MigrationInterface {
  name = 'CustomerDetails1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const json = (name: string) => new TableColumn({ name, type: t.json, isNullable: true });
    await queryRunner.addColumns('erp_customers', [
      new TableColumn({ name: 'taxExempt', type: 'boolean', isNullable: true }),
      ...CUSTOMER_JSON.map(json),
      new TableColumn({ name: 'companyKey', type: 'varchar', length: '320', isNullable: true }),
    ]);
    await queryRunner.addColumn('erp_sales_orders', json('company'));
    // The company key folds accents and punctuation: computed here, not in SQL.
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; company: string }> = await queryRunner.manager
        .createQueryBuilder()
        .select(['c.id AS id', 'c.company AS company'])
        .from('erp_customers', 'c')
        .where('c.id > :after AND c.company IS NOT NULL', { after })
        .orderBy('c.id')
        .limit(500)
        .getRawMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        const key = companyKey(row.company);
        if (key)
          await queryRunner.manager
            .createQueryBuilder()
            .update('erp_customers')
            .set({ companyKey: key })
            .where('id = :id', { id: row.id })
            .execute();
      }
    }
    await queryRunner.createIndex('erp_customers', IX_COMPANY);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('erp_customers', IX_COMPANY.name!);
    await queryRunner.dropColumn('erp_sales_orders', 'company');
    await queryRunner.dropColumns('erp_customers', ['taxExempt', ...CUSTOMER_JSON, 'companyKey']);
  }
}
