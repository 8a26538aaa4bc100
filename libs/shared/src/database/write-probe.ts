import { DataSource } from 'typeorm';
import { sleep } from '../clock/sleep';
import { isSqliteBusy } from './sqlite-busy';
import { rawSqliteConnection, sqliteWriteQueueOf } from './sqlite-write-queue';

// Readiness: can this process write now? On SQLite the wait for this process's queue and for
// another process's write lock both count, so a transaction left open shows as "down".
export async function canWrite(ds: DataSource, timeoutMs: number): Promise<boolean> {
  const queue = sqliteWriteQueueOf(ds);
  const deadline = Date.now() + timeoutMs;
  const probe = queue
    ? queue.run(() => takeSqliteWriteLock(ds, deadline))
    : ds
        .query('SHOW transaction_read_only')
        .then(
          (rows: Array<{ transaction_read_only: string }>) =>
            rows[0]?.transaction_read_only === 'off',
        );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>(
    (resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)),
  );
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function takeSqliteWriteLock(ds: DataSource, deadline: number): Promise<boolean> {
  const connection = rawSqliteConnection(ds);
  if (!connection) return false;
  for (;;) {
    try {
      connection.exec('BEGIN IMMEDIATE');
      connection.exec('ROLLBACK');
      return true;
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= deadline) return false;
      await sleep(10);
    }
  }
}
