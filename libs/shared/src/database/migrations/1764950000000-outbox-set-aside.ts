import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { portableTypes } from './portable-types';

// An outbox row the broker refuses (too large, invalid) is set aside with its reason in
// `lastError` instead of blocking every row behind it.
export class OutboxSetAside1764950000000 implements MigrationInterface {
  name = 'OutboxSetAside1764950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.addColumn(
      'outbox',
      new TableColumn({ name: 'failedAt', type: t.timestamp, isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbox', 'failedAt');
  }
}
