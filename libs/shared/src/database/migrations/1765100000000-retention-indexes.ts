import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

// Retention (apps/scheduler/src/retention) picks the oldest finished jobs and the oldest
// occurrence records in small batches; without these it would scan the whole table each time.
// Partial on jobs: only finished rows are ever purged, so running ones do not pay for it.
const JOBS_FINISHED = new TableIndex({
  name: 'ix_jobs_finished_at',
  columnNames: ['finishedAt'],
  where: `"status" IN ('succeeded', 'failed', 'cancelled', 'skipped')`,
});
const OCCURRENCES_RECORDED = new TableIndex({
  name: 'ix_schedule_occurrences_recorded_at',
  columnNames: ['recordedAt'],
});

export class RetentionIndexes1765100000000 implements MigrationInterface {
  name = 'RetentionIndexes1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('jobs', JOBS_FINISHED);
    await queryRunner.createIndex('schedule_occurrences', OCCURRENCES_RECORDED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('schedule_occurrences', OCCURRENCES_RECORDED.name!);
    await queryRunner.dropIndex('jobs', JOBS_FINISHED.name!);
  }
}
