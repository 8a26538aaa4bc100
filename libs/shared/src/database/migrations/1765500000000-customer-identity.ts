import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { customerBillToKey } from '../../erp/customer-identity';

// One ERP customer per person across shops (issue 17): `identityKey` is unique, set when shopsync
// creates a customer from Shopify; `billToKey` is what the 'bill-to' mapping compares. Existing
// customers get the key of their email (else phone), the oldest of duplicates keeping it (the
// others stay without a key: nothing is merged), and their bill-to key from their address.
const IDENTITY = new TableColumn({
  name: 'identityKey',
  type: 'varchar',
  length: '320',
  isNullable: true,
});
const BILL_TO = new TableColumn({
  name: 'billToKey',
  type: 'varchar',
  length: '320',
  isNullable: true,
});
const UX_IDENTITY = new TableIndex({
  name: 'ux_erp_customers_identity',
  columnNames: ['identityKey'],
  isUnique: true,
});
const IX_BILL_TO = new TableIndex({ name: 'ix_erp_customers_bill_to', columnNames: ['billToKey'] });

// "Row o is older than the row updated": created earlier, or at the same time with a smaller id.
const OLDER = `(o."createdAt" < erp_customers."createdAt"
  OR (o."createdAt" = erp_customers."createdAt" AND o.id < erp_customers.id))`;

interface Row {
  id: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address: string | null;
}

export class CustomerIdentity1765500000000 implements MigrationInterface {
  name = 'CustomerIdentity1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('erp_customers', [IDENTITY, BILL_TO]);
    await queryRunner.query(
      `UPDATE erp_customers SET "identityKey" = 'email:' || email
       WHERE email IS NOT NULL AND length(email) <= 314 AND NOT EXISTS (
         SELECT 1 FROM erp_customers o WHERE o.email = erp_customers.email
           AND ${OLDER})`,
    );
    await queryRunner.query(
      `UPDATE erp_customers SET "identityKey" = 'phone:' || phone
       WHERE email IS NULL AND phone IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM erp_customers o WHERE o.email IS NULL AND o.phone = erp_customers.phone
           AND ${OLDER})`,
    );
    // The bill-to key is computed here, not in SQL: it folds accents and punctuation.
    let after = '';
    for (;;) {
      const rows: Row[] = await queryRunner.manager
        .createQueryBuilder()
        .select(['c.id AS id', 'c."firstName" AS "firstName"', 'c."lastName" AS "lastName"'])
        .addSelect(['c.company AS company', 'c.address AS address'])
        .from('erp_customers', 'c')
        .where('c.id > :after AND c.address IS NOT NULL', { after })
        .orderBy('c.id')
        .limit(500)
        .getRawMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const row of rows) {
        const key = customerBillToKey(row, parseAddress(row.address));
        if (key)
          await queryRunner.manager
            .createQueryBuilder()
            .update('erp_customers')
            .set({ billToKey: key })
            .where('id = :id', { id: row.id })
            .execute();
      }
    }
    await queryRunner.createIndices('erp_customers', [UX_IDENTITY, IX_BILL_TO]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('erp_customers', IX_BILL_TO.name!);
    await queryRunner.dropIndex('erp_customers', UX_IDENTITY.name!);
    await queryRunner.dropColumns('erp_customers', [BILL_TO.name, IDENTITY.name]);
  }
}

function parseAddress(text: string | null): Record<string, string | null> {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === 'object' ? (value as Record<string, string | null>) : {};
  } catch {
    return {};
  }
}
