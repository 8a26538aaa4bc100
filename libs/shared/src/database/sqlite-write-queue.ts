import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

interface Turn {
  active: boolean;
}

// better-sqlite3 answers synchronously, so a backlog of queued units would run back to back in
// one microtask drain and starve HTTP and Kafka: after this long the queue lets the loop turn.
const SLICE_MS = 10;

// How long a statement waits, asynchronously, for another process's write lock before it fails.
export const SQLITE_BUSY_DEADLINE_MS = 30_000;

// SQLite allows one writer, and TypeORM's better-sqlite3 driver hands every caller the same
// connection: two jobs' transactions would share it (one job's savepoints, COMMIT or ROLLBACK
// taking the other's rows along). So each process runs one unit of work at a time on it: a
// transaction, a save, or a single statement. Work started inside a unit (same async context)
// joins it; a nested transaction of that job becomes its savepoint.
export class SqliteWriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private current: Turn | null = null;
  private readonly turns = new AsyncLocalStorage<Turn>();
  private sliceStartedAt = 0;
  private inSlice = false;

  // `settle` runs after each unit, so one that failed halfway cannot leave the next inside it.
  constructor(private readonly settle: () => Promise<void> = async () => undefined) {}

  // True inside the unit that has the connection now (not in work it left running after it ended).
  holds(): boolean {
    const turn = this.turns.getStore();
    return turn !== undefined && turn.active && turn === this.current;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holds()) return work();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    await this.yieldWhenSliceIsOver();
    const turn: Turn = { active: true };
    this.current = turn;
    try {
      return await this.turns.run(turn, work);
    } finally {
      await this.settle().catch(() => undefined);
      turn.active = false;
      this.current = null;
      release();
    }
  }

  private async yieldWhenSliceIsOver(): Promise<void> {
    if (!this.inSlice) {
      this.inSlice = true;
      this.sliceStartedAt = Date.now();
      setImmediate(() => (this.inSlice = false));
      return;
    }
    if (Date.now() - this.sliceStartedAt >= SLICE_MS)
      await new Promise((resolve) => setImmediate(resolve));
  }
}

const queues = new WeakMap<DataSource, SqliteWriteQueue>();

export function sqliteWriteQueueOf(ds: DataSource): SqliteWriteQueue | undefined {
  return queues.get(ds);
}

// The entry points that open a transaction themselves (EntityManager.transaction and the
// persist methods behind Repository.save/remove) run as one unit.
const UNIT_METHODS = ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const;

export function installSqliteWriteQueue(ds: DataSource): SqliteWriteQueue {
  // The driver keeps one query runner and returns it to every createQueryRunner() call.
  const runner = ds.driver.createQueryRunner('master');
  const queue = new SqliteWriteQueue(() => settleRunner(ds, runner));
  queues.set(ds, queue);
  guardRunner(runner, queue);
  const manager = ds.manager as unknown as Record<string, unknown>;
  for (const name of UNIT_METHODS) {
    const original = manager[name] as (...args: unknown[]) => Promise<unknown>;
    manager[name] = (...args: unknown[]) => queue.run(() => original.apply(manager, args));
  }
  return queue;
}

function guardRunner(runner: QueryRunner, queue: SqliteWriteQueue): void {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const startTransaction = runner.startTransaction.bind(runner);
  const statement = (sql: string, rest: unknown[]) => {
    // IMMEDIATE takes the write lock at BEGIN, so waiting for another process happens there
    // (safe to retry) and never halfway through the transaction.
    if (sql === 'BEGIN TRANSACTION') return whileBusy(() => query('BEGIN IMMEDIATE', ...rest));
    return runner.isTransactionActive ? query(sql, ...rest) : whileBusy(() => query(sql, ...rest));
  };
  runner.query = ((sql: string, ...rest: unknown[]) =>
    queue.holds()
      ? statement(sql, rest)
      : queue.run(() => statement(sql, rest))) as QueryRunner['query'];
  runner.startTransaction = async (level) => {
    if (!queue.holds()) throw new Error('SQLite transaction started outside the write queue');
    const outermost = !runner.isTransactionActive;
    try {
      await startTransaction(level);
    } catch (error) {
      // TypeORM marks the runner in a transaction before BEGIN: a BEGIN that failed must not
      // leave it thinking so.
      if (outermost) (runner as unknown as RunnerState).isTransactionActive = false;
      throw error;
    }
  };
}

export interface RawSqliteConnection {
  inTransaction: boolean;
  exec(sql: string): unknown;
}

export function rawSqliteConnection(ds: DataSource): RawSqliteConnection | undefined {
  return (ds.driver as unknown as { databaseConnection?: RawSqliteConnection }).databaseConnection;
}

interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

// After a unit, the connection is outside any transaction, whatever the unit did.
async function settleRunner(ds: DataSource, runner: QueryRunner): Promise<void> {
  const state = runner as unknown as RunnerState;
  const connection = rawSqliteConnection(ds);
  if (connection?.inTransaction) connection.exec('ROLLBACK');
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}

export function isSqliteBusy(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  const code = driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// better-sqlite3 waits for a lock synchronously (busy_timeout), blocking the event loop; it is
// kept short and the wait continues here, between timers.
async function whileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_DEADLINE_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
