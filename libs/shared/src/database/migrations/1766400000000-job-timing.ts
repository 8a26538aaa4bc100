import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Issue 19, timeouts and delayed jobs: a request's own timeout, earliest start and expiry on
// the job; the scheduler finds delayed jobs that came due, and unstarted ones past their
// expiry, through two small partial indexes. `expired` is a finished status: retention's index
// of finished jobs takes it in.
const DELAYED_DUE = new TableIndex({
  name: 'ix_jobs_delayed_due',
  columnNames: ['notBefore'],
  where: `"status" = 'delayed'`,
});
const EXPIRY = new TableIndex({
  name: 'ix_jobs_expiry',
  columnNames: ['expiresAt'],
  where: `"expiresAt" IS NOT NULL AND "startedAt" IS NULL`,
});
const finishedAt = (statuses: string[]) =>
  new TableIndex({
    name: 'ix_jobs_finished_at',
    columnNames: ['finishedAt'],
    where: `"status" IN (${statuses.map((s) => `'${s}'`).join(', ')})`,
  });
const FINISHED_BEFORE = ['succeeded', 'failed', 'cancelled', 'skipped'];

export class JobTiming1766400000000 implements MigrationInterface {
  name = 'JobTiming1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.addColumns('jobs', [
      new TableColumn({ name: 'timeoutSeconds', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'notBefore', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'expiresAt', type: t.timestamp, isNullable: true }),
    ]);
    await queryRunner.createIndex('jobs', DELAYED_DUE);
    await queryRunner.createIndex('jobs', EXPIRY);
    await queryRunner.dropIndex('jobs', 'ix_jobs_finished_at');
    await queryRunner.createIndex('jobs', finishedAt([...FINISHED_BEFORE, 'expired']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('jobs', 'ix_jobs_finished_at');
    await queryRunner.createIndex('jobs', finishedAt(FINISHED_BEFORE));
    await queryRunner.dropIndex('jobs', EXPIRY.name!);
    await queryRunner.dropIndex('jobs', DELAYED_DUE.name!);
    for (const column of ['expiresAt', 'notBefore', 'timeoutSeconds'])
      await queryRunner.dropColumn('jobs', column);
  }
}
