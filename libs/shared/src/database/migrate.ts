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
