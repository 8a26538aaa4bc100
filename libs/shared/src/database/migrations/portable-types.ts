import { QueryRunner } from 'typeorm';

// Column types that mean the same on PostgreSQL and SQLite, so one migration serves both.
export function portableTypes(queryRunner: QueryRunner) {
  const pg = queryRunner.connection.options.type === 'postgres';
  return {
    pg,
    timestamp: pg ? 'timestamptz' : 'datetime',
    json: 'text',
    id: 'varchar',
  };
}
