import { QueryRunner, TableColumnOptions, TableIndex } from 'typeorm';

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

// The column and index builders migrations share (portable, as above): a varchar of a length,
// a timestamp, text, an integer, a boolean defaulting to false, an auto-increment id, an index.
export function columnBuilders(queryRunner: QueryRunner) {
  const t = portableTypes(queryRunner);
  return {
    t,
    str: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    }),
    at: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.timestamp,
      isNullable: nullable,
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'text',
      isNullable: nullable,
    }),
    int: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: nullable,
    }),
    bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', default: false }),
    serial: {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    } as TableColumnOptions,
    index: (name: string, columnNames: string[], isUnique = false) =>
      new TableIndex({ name, columnNames, isUnique }),
  };
}
