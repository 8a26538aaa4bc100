import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Issue 19, ordering under retries: a job's ordering (lenient or strict), where a parked job
// stands in its key's queue and whether its run was requested again, who acknowledged a failure
// and when; and, on the key's lease row, the strict job holding the key between runs. Existing
// jobs are lenient: they were requested before a key could be held.
const PARKED = new TableIndex({
  name: 'ix_jobs_parked',
  columnNames: ['shopId', 'category', 'parkedSeq'],
  where: `"parkedSeq" IS NOT NULL`,
});

export class StrictOrdering1766100000000 implements MigrationInterface {
  name = 'StrictOrdering1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.addColumns('jobs', [
      new TableColumn({ name: 'ordering', type: 'varchar', length: '8', default: `'lenient'` }),
      new TableColumn({ name: 'parkedSeq', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'releasedAt', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'acknowledgedAt', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'acknowledgedBy', type: 'varchar', length: '100', isNullable: true }),
    ]);
    await queryRunner.createIndex('jobs', PARKED);
    await queryRunner.addColumn(
      'leases',
      new TableColumn({ name: 'holdJobId', type: t.id, length: '36', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('leases', 'holdJobId');
    await queryRunner.dropIndex('jobs', PARKED.name!);
    for (const column of [
      'acknowledgedBy',
      'acknowledgedAt',
      'releasedAt',
      'parkedSeq',
      'ordering',
    ])
      await queryRunner.dropColumn('jobs', column);
  }
}
