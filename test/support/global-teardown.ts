import { adminQuery, dropDatabase, TEST_DB_PREFIX } from './pg';

// Drops the throwaway databases a crashed suite may have left behind. Kafka keeps running for
// the next tier; .ci/run stops it at the end.
export default async function globalTeardown(): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${TEST_DB_PREFIX}%`],
  );
  for (const row of rows) await dropDatabase(row.datname).catch(() => undefined);
}
