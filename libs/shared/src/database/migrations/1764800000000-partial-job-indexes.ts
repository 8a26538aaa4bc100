import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

// Every status change of a job rewrites the row, and a rewritten row gets an entry in every
// index whose predicate it meets. Three of the jobs indexes only matter for few rows (jobs
// waiting for a retry, jobs of a schedule, jobs with an idempotency key), so they become partial
// and the worker's two writes per job stop paying for them.
const OLD = [
  new TableIndex({ name: 'ix_jobs_status_next_attempt', columnNames: ['status', 'nextAttemptAt'] }),
  new TableIndex({
    name: 'ux_jobs_schedule_occurrence',
    columnNames: ['scheduleId', 'occurrenceAt'],
    isUnique: true,
  }),
  new TableIndex({
    name: 'ux_jobs_idempotency_key',
    columnNames: ['idempotencyKey'],
    isUnique: true,
  }),
];

const NEW = [
  new TableIndex({
    name: 'ix_jobs_retry_due',
    columnNames: ['nextAttemptAt'],
    where: `"status" = 'retry-scheduled'`,
  }),
  new TableIndex({
    name: 'ux_jobs_schedule_occurrence',
    columnNames: ['scheduleId', 'occurrenceAt'],
    isUnique: true,
    where: `"scheduleId" IS NOT NULL`,
  }),
  new TableIndex({
    name: 'ux_jobs_idempotency_key',
    columnNames: ['idempotencyKey'],
    isUnique: true,
    where: `"idempotencyKey" IS NOT NULL`,
  }),
];

export class PartialJobIndexes1764800000000 implements MigrationInterface {
  name = 'PartialJobIndexes1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of OLD) await queryRunner.dropIndex('jobs', index.name!);
    for (const index of NEW) await queryRunner.createIndex('jobs', index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of NEW) await queryRunner.dropIndex('jobs', index.name!);
    for (const index of OLD) await queryRunner.createIndex('jobs', index);
  }
}
