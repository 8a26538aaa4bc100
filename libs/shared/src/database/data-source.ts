import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '../config/common-env';
import { applyDriverColumnTypes } from './columns';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { migrate } from './migrate';
import { SqliteQueryLogger } from './sqlite-busy';
import { installSqliteWriteQueue } from './sqlite-write-queue';

// better-sqlite3 waits for another process's lock synchronously, blocking the event loop: the
// wait is kept this short and continues asynchronously (sqlite-write-queue.ts).
export const SQLITE_BUSY_TIMEOUT_MS = 20;

export function dataSourceOptions(db: DatabaseSettings): DataSourceOptions {
  if (db.url) {
    applyDriverColumnTypes('postgres');
    return {
      type: 'postgres',
      url: db.url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      // Pool sizing and a connect timeout so a database restart surfaces as a retryable error.
      extra: {
        max: db.poolSize,
        connectionTimeoutMillis: 5000,
        idleTimeoutMillis: 30000,
        // Only the hot paths use named prepared statements (pg-statements.ts). Their parameters
        // are arrays whose length PostgreSQL cannot see in a generic plan, and a generic plan
        // cached while a table was small can scan it whole ever after: plan each execution.
        options: '-c plan_cache_mode=force_custom_plan',
      },
      logging: ['error'],
    };
  }
  applyDriverColumnTypes('better-sqlite3');
  if (db.sqlitePath !== ':memory:') mkdirSync(dirname(db.sqlitePath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.sqlitePath,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // WAL lets the three apps read while one writes.
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
      conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      conn.pragma('journal_mode = WAL');
      conn.pragma('synchronous = NORMAL');
    },
    logging: ['error'],
    logger: new SqliteQueryLogger(),
  };
}

// On SQLite, every unit of work of this process goes through one queue (sqlite-write-queue.ts).
export function createDataSource(options: DataSourceOptions): DataSource {
  const ds = new DataSource(options);
  if (options.type === 'better-sqlite3') installSqliteWriteQueue(ds);
  return ds;
}

export async function openDataSource(
  db: DatabaseSettings,
  runMigrations = true,
): Promise<DataSource> {
  const ds = createDataSource(dataSourceOptions(db));
  await ds.initialize();
  if (runMigrations) await migrate(ds);
  return ds;
}
