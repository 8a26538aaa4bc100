import { createHash } from 'node:crypto';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

// PostgreSQL helpers for the hot paths, where TypeORM's query building costs more than the query:
// named prepared statements (parsed and planned once per connection), inserts of many rows as
// one fixed statement over arrays (its text does not grow with the row count), and several
// statements joined as WITH clauses of one (atomic as a whole).

export interface SqlPart {
  sql: string;
  params: unknown[];
}

interface PgPool {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

const statementNames = new Map<string, string>();

export async function pgPrepared<T>(ds: DataSource, text: string, values: unknown[]): Promise<T[]> {
  let name = statementNames.get(text);
  if (!name) {
    name = `shopsync_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  const pool = (ds.driver as unknown as { master: PgPool }).master;
  const result = await pool.query<T>({ name, text, values });
  return result.rows;
}

// Joins statements as data-modifying WITH clauses of one statement, renumbering each part's
// $n parameters after those of the parts before it.
export function withClauses(parts: Array<[string, SqlPart]>, final: SqlPart): SqlPart {
  const params: unknown[] = [];
  const shift = (part: SqlPart) => {
    const offset = params.length;
    params.push(...part.params);
    return part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const clauses = parts.map(([name, part]) => `${name} AS (${shift(part)})`);
  return { sql: `WITH ${clauses.join(', ')} ${shift(final)}`, params };
}

// INSERT of any number of rows as `INSERT ... SELECT * FROM unnest($1::type[], ...)`: one array
// per column, values converted as TypeORM would (JSON columns stringified, defaults applied).
// Generated columns (serial ids) are left to the database.
export function pgUnnestInsert<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  rows: object[],
): SqlPart {
  const meta = ds.getMetadata(target);
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const params = columns.map((column) =>
    rows.map((row) => {
      let value = (row as Record<string, unknown>)[column.propertyName];
      if (value === undefined) value = typeof column.default === 'function' ? null : column.default;
      if (value === undefined || value === null) return null;
      return ds.driver.preparePersistentValue(value, column);
    }),
  );
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ');
  return {
    sql: `INSERT INTO "${meta.tableName}" (${names}) SELECT * FROM unnest(${arrays})`,
    params,
  };
}

function arrayType(column: ColumnMetadata): string {
  const type = typeof column.type === 'function' ? column.type.name.toLowerCase() : column.type;
  switch (type) {
    case 'varchar':
    case 'text':
    case 'simple-json':
    case 'uuid':
    case 'string':
      return 'text';
    case 'integer':
    case 'int':
    case 'number':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'boolean':
      return 'bool';
    case 'timestamptz':
      return 'timestamptz';
    default:
      throw new Error(
        `no array type for ${column.entityMetadata.tableName}.${column.propertyName} (${type})`,
      );
  }
}

// A raw row (its columns named as in the table, after `prefix`) as the entity TypeORM would
// have loaded: each column's value through the driver's hydration and the column's transformer.
export function pgHydrate<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T> & (new () => T),
  row: Record<string, unknown>,
  prefix = '',
): T {
  const entity = new target();
  for (const column of ds.getMetadata(target).columns) {
    const name = `${prefix}${column.databaseName}`;
    if (!(name in row)) continue;
    column.setEntityValue(entity, ds.driver.prepareHydratedValue(row[name], column));
  }
  return entity;
}

// The table's columns as a select list: `"a", "b"`, or `t."a" AS "<prefix>a", ...`.
export function pgColumns<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  alias?: string,
  prefix = '',
): string {
  return ds
    .getMetadata(target)
    .columns.map((c) =>
      alias
        ? `${alias}."${c.databaseName}" AS "${prefix}${c.databaseName}"`
        : `"${c.databaseName}"`,
    )
    .join(', ');
}
