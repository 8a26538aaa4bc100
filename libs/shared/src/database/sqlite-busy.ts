import { AdvancedConsoleLogger } from 'typeorm';
import { sleep } from '../clock/sleep';

// How long a statement waits, asynchronously, for another process's write lock before it fails.
export const SQLITE_BUSY_DEADLINE_MS = 30_000;

export function isSqliteBusy(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// better-sqlite3 waits for a lock synchronously (busy_timeout), blocking the event loop; it is
// kept short and the wait continues here, between timers.
export async function whileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_DEADLINE_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

// A statement refused for another process's lock is retried, not failed: not worth an error line.
export class SqliteQueryLogger extends AdvancedConsoleLogger {
  constructor() {
    super(['error']);
  }

  override logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    if (!isSqliteBusy(error)) super.logQueryError(error as string, query, parameters);
  }
}
