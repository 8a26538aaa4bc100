import { DataSource } from 'typeorm';
import { sleep } from '../clock/sleep';

// Three apps may boot at once against one database: PostgreSQL serialises them with an advisory
// lock; on SQLite the loser of the race simply finds nothing left to do on its retry.
export async function migrate(ds: DataSource): Promise<void> {
  if (ds.options.type === 'postgres') {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(7364921)');
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7364921)').catch(() => undefined);
      await runner.release();
    }
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await ds.runMigrations({ transaction: 'each' });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(200 * attempt);
    }
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  // Applied by a newer version of shopsync than this one.
  unknown: string[];
}

// What `ds` has applied of the migrations it knows, read from TypeORM's `migrations` table.
export async function migrationStatus(ds: DataSource): Promise<MigrationStatus> {
  const known = ds.migrations.map((m) => m.name ?? m.constructor.name);
  const runner = ds.createQueryRunner();
  let done: string[] = [];
  try {
    if (await runner.hasTable('migrations'))
      done = (
        (await runner.query('SELECT name FROM migrations ORDER BY id')) as Array<{
          name: string;
        }>
      ).map((r) => r.name);
  } finally {
    await runner.release();
  }
  const applied = new Set(done);
  return {
    applied: known.filter((n) => applied.has(n)),
    pending: known.filter((n) => !applied.has(n)),
    unknown: done.filter((n) => !known.includes(n)),
  };
}
