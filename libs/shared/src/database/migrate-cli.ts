import 'reflect-metadata';
import { CommonEnv, databaseSettings } from '../config/common-env';
import { loadEnv } from '../config/load-config';
import { openDataSource } from './data-source';

// `npm run migration:run`: applies pending migrations to DATABASE_URL (or the SQLite file).
async function main(): Promise<void> {
  const env = loadEnv(CommonEnv, process.env);
  const ds = await openDataSource(databaseSettings(env));
  const applied = await ds.query(
    ds.options.type === 'postgres'
      ? 'SELECT name FROM migrations ORDER BY id'
      : 'SELECT name FROM migrations ORDER BY id',
  );
  process.stdout.write(
    `migrations applied: ${(applied as Array<{ name: string }>).map((m) => m.name).join(', ')}\n`,
  );
  await ds.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
