import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Webhook ids are unique per shop, not across shops, and are stored whole: the receipts key
// becomes (shopId, webhookId) and ids take up to 255 characters. The table is rebuilt and its
// rows copied, because TypeORM changes a column's length on PostgreSQL by dropping the column.
const TABLE = 'shopify_webhooks';
const NEXT = 'shopify_webhooks_next';
const COLUMNS = [
  'webhookId',
  'eventId',
  'shopId',
  'topic',
  'receivedAt',
  'outcome',
  'jobId',
  'detail',
]
  .map((c) => `"${c}"`)
  .join(', ');

function receipts(queryRunner: QueryRunner, idLength: string, key: string[]): Table {
  const t = portableTypes(queryRunner);
  return new Table({
    name: NEXT,
    columns: [
      { name: 'shopId', type: t.id, length: '36', isPrimary: key.includes('shopId') },
      { name: 'webhookId', type: 'varchar', length: idLength, isPrimary: true },
      { name: 'eventId', type: 'varchar', length: idLength, isNullable: true },
      { name: 'topic', type: 'varchar', length: '100' },
      { name: 'receivedAt', type: t.timestamp },
      { name: 'outcome', type: 'varchar', length: '16' },
      { name: 'jobId', type: t.id, length: '36', isNullable: true },
      { name: 'detail', type: 'text', isNullable: true },
    ],
  });
}

async function rebuild(queryRunner: QueryRunner, next: Table, rows: string): Promise<void> {
  await queryRunner.createTable(next);
  await queryRunner.query(
    `INSERT INTO "${NEXT}" (${COLUMNS}) SELECT ${COLUMNS} FROM "${TABLE}" ${rows}`,
  );
  await queryRunner.dropTable(TABLE);
  await queryRunner.renameTable(NEXT, TABLE);
  await queryRunner.createIndex(
    TABLE,
    new TableIndex({ name: 'ix_shopify_webhooks_received', columnNames: ['receivedAt'] }),
  );
}

export class WebhookReceiptsPerShop1764900000000 implements MigrationInterface {
  name = 'WebhookReceiptsPerShop1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, receipts(queryRunner, '255', ['shopId', 'webhookId']), '');
  }

  // Receipts that do not fit the old key (long ids, an id seen by two shops) are not kept: at
  // worst a redelivery of one of them is taken once more.
  async down(queryRunner: QueryRunner): Promise<void> {
    await rebuild(
      queryRunner,
      receipts(queryRunner, '100', ['webhookId']),
      `WHERE length("webhookId") <= 100 AND ("eventId" IS NULL OR length("eventId") <= 100) AND "webhookId" NOT IN (SELECT "webhookId" FROM "${TABLE}" GROUP BY "webhookId" HAVING COUNT(*) > 1)`,
    );
  }
}
