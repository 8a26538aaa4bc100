import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { whileBusy } from './sqlite-busy';

// One unit's identity; work it leaves running keeps it in its async context after it ends.
type Turn = object;

// better-sqlite3 answers synchronously, so a backlog of queued units would run back to back in
// one microtask drain and starve HTTP and Kafka: after this long the queue lets the loop turn.
const SLICE_MS = 10;

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
    return turn !== undefined && turn === this.current;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holds()) return work();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    await this.yieldWhenSliceIsOver();
    const turn: Turn = {};
    this.current = turn;
    try {
      return await this.turns.run(turn, work);
    } finally {
      await this.settle().catch(() => undefined);
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

// The entry points that open a transaction themselves (EntityManager.transaction, the persist
// methods behind Repository.save/remove, migrations) run as one unit.
const MANAGER_UNITS = ['transaction', 'save', 'remove', 'softRemove', 'recover'];
const DATA_SOURCE_UNITS = ['runMigrations', 'undoLastMigration'];

export function installSqliteWriteQueue(ds: DataSource): SqliteWriteQueue {
  // The driver keeps one query runner and returns it to every createQueryRunner() call.
  const runner = ds.driver.createQueryRunner('master');
  const queue = new SqliteWriteQueue(() => settleRunner(ds, runner));
  queues.set(ds, queue);
  guardRunner(runner, queue);
  runAsUnits(ds.manager, MANAGER_UNITS, queue);
  runAsUnits(ds, DATA_SOURCE_UNITS, queue);
  return queue;
}

function runAsUnits(target: object, names: string[], queue: SqliteWriteQueue): void {
  const methods = target as Record<string, unknown>;
  for (const name of names) {
    const original = methods[name] as (...args: unknown[]) => Promise<unknown>;
    methods[name] = (...args: unknown[]) => queue.run(() => original.apply(target, args));
  }
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
