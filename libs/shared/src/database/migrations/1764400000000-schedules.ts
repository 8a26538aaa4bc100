import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

// Recurring job queue entries and what became of each of their occurrences.
export class Schedules1764400000000 implements MigrationInterface {
  name = 'Schedules1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'schedules',
        columns: [
          { name: 'id', type: t.id, length: '36', isPrimary: true },
          { name: 'shopId', type: 'varchar', length: '36' },
          { name: 'task', type: 'varchar', length: '32' },
          { name: 'params', type: t.json, isNullable: true },
          { name: 'recurrence', type: t.json },
          { name: 'timeZone', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'maxAttempts', type: 'integer' },
          { name: 'rerunDelaySeconds', type: 'integer' },
          { name: 'overlapPolicy', type: 'varchar', length: '16', default: "'skip'" },
          { name: 'catchUpWindowSeconds', type: 'integer', default: 3600 },
          { name: 'earliestStartAt', type: t.timestamp, isNullable: true },
          { name: 'expiresAt', type: t.timestamp, isNullable: true },
          { name: 'nextRunAt', type: t.timestamp, isNullable: true },
          { name: 'lastScheduledAt', type: t.timestamp, isNullable: true },
          { name: 'lastJobId', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: t.timestamp },
          { name: 'updatedAt', type: t.timestamp },
          { name: 'version', type: 'integer', default: 1 },
        ],
        indices: [
          new TableIndex({
            name: 'ix_schedules_status_next_run',
            columnNames: ['status', 'nextRunAt'],
          }),
          new TableIndex({ name: 'ix_schedules_shop', columnNames: ['shopId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'schedule_occurrences',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'scheduleId', type: 'varchar', length: '36' },
          { name: 'occurrenceAt', type: t.timestamp },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'jobId', type: 'varchar', length: '36', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'recordedAt', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'ux_schedule_occurrences',
            columnNames: ['scheduleId', 'occurrenceAt'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('schedule_occurrences');
    await queryRunner.dropTable('schedules');
  }
}
