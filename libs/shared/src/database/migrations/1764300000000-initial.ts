import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const increment = {
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };

    await queryRunner.createTable(
      new Table({
        name: 'shops',
        columns: [
          { name: 'id', type: t.id, length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '64', isUnique: true },
          { name: 'domain', type: 'varchar', length: '255' },
          { name: 'apiVersion', type: 'varchar', length: '16' },
          { name: 'plan', type: 'varchar', length: '16' },
          { name: 'enabled', type: 'boolean', default: true },
          { name: 'allowBackgroundSync', type: 'boolean', default: true },
          { name: 'settings', type: t.json },
          { name: 'categoryMap', type: t.json },
          { name: 'defaultMaxAttempts', type: 'integer', default: 3 },
          { name: 'defaultRerunDelaySeconds', type: 'integer', default: 60 },
          { name: 'accessTokenEnc', type: 'text', isNullable: true },
          { name: 'appSecretEnc', type: 'text', isNullable: true },
          { name: 'rateLimits', type: t.json, isNullable: true },
          { name: 'createdAt', type: t.timestamp },
          { name: 'updatedAt', type: t.timestamp },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          { name: 'id', type: t.id, length: '36', isPrimary: true },
          { name: 'shopId', type: 'varchar', length: '36' },
          { name: 'task', type: 'varchar', length: '32' },
          { name: 'category', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'attempt', type: 'integer' },
          { name: 'maxAttempts', type: 'integer' },
          { name: 'rerunDelaySeconds', type: 'integer' },
          { name: 'retryBackoff', type: 'varchar', length: '16', default: "'fixed'" },
          { name: 'params', type: t.json, isNullable: true },
          { name: 'paramsHash', type: 'varchar', length: '64' },
          { name: 'requestedAt', type: t.timestamp },
          { name: 'startedAt', type: t.timestamp, isNullable: true },
          { name: 'finishedAt', type: t.timestamp, isNullable: true },
          { name: 'nextAttemptAt', type: t.timestamp, isNullable: true },
          { name: 'progressProcessed', type: 'integer', isNullable: true },
          { name: 'progressTotal', type: 'integer', isNullable: true },
          { name: 'summary', type: t.json, isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'errorCode', type: 'varchar', length: '40', isNullable: true },
          { name: 'scheduleId', type: 'varchar', length: '36', isNullable: true },
          { name: 'occurrenceAt', type: t.timestamp, isNullable: true },
          { name: 'parentJobId', type: 'varchar', length: '36', isNullable: true },
          { name: 'idempotencyKey', type: 'varchar', length: '200', isNullable: true },
          { name: 'traceId', type: 'varchar', length: '64' },
          { name: 'cancelRequested', type: 'boolean', default: false },
          { name: 'fencingToken', type: 'integer', isNullable: true },
          { name: 'workerId', type: 'varchar', length: '100', isNullable: true },
          { name: 'updatedAt', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'ix_jobs_shop_task_status',
            columnNames: ['shopId', 'task', 'status'],
          }),
          new TableIndex({
            name: 'ix_jobs_status_next_attempt',
            columnNames: ['status', 'nextAttemptAt'],
          }),
          new TableIndex({ name: 'ix_jobs_requested_at', columnNames: ['requestedAt'] }),
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
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'job_logs',
        columns: [
          { name: 'id', ...increment },
          { name: 'jobId', type: 'varchar', length: '36' },
          { name: 'at', type: t.timestamp },
          { name: 'attempt', type: 'integer' },
          { name: 'level', type: 'varchar', length: '8' },
          { name: 'message', type: 'text' },
          { name: 'data', type: t.json, isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_job_logs_job', columnNames: ['jobId', 'id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', ...increment },
          { name: 'topic', type: 'varchar', length: '200' },
          { name: 'key', type: 'varchar', length: '300' },
          { name: 'payload', type: 'text' },
          { name: 'headers', type: t.json, isNullable: true },
          { name: 'createdAt', type: t.timestamp },
          { name: 'publishedAt', type: t.timestamp, isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lastError', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_outbox_unpublished', columnNames: ['publishedAt', 'id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'leases',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'jobId', type: 'varchar', length: '36', isNullable: true },
          { name: 'token', type: 'integer' },
          { name: 'holder', type: 'varchar', length: '100', isNullable: true },
          { name: 'heartbeatAt', type: t.timestamp, isNullable: true },
          { name: 'expiresAt', type: t.timestamp, isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['leases', 'outbox', 'job_logs', 'jobs', 'shops'])
      await queryRunner.dropTable(table);
  }
}
