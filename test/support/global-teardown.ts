import { adminQuery, dropDatabase, runPrefix } from './pg';

// Drops the throwaway databases this run's crashed suites may have left behind. Kafka keeps running for
// the next tier; .ci/run stops it at the end.
export default async function globalTeardown(): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${runPrefix()}%`],
  );
  for (const row of rows) await dropDatabase(row.datname).catch(() => undefined);
}
