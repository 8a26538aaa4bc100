import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDataSource } from './data-source';
import { LeaseEntity } from './entities';
import { canWrite } from './write-probe';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The failure's message, caught at once (the test awaits other work first).
const failureOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (error: Error) => error.message,
  );

// The worker's jobs run concurrently against one better-sqlite3 connection: their transactions
// must not share it (savepoints, one job's COMMIT or ROLLBACK taking the other's rows along).
describe('SQLite write queue', () => {
  let path: string;
  let ds: DataSource;

  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'shopsync-wq-')), 'q.sqlite');
    ds = await openDataSource({ sqlitePath: path, poolSize: 1 });
    await ds.query('CREATE TABLE probe_rows (job INTEGER NOT NULL, step INTEGER NOT NULL)');
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM probe_rows');
  });

  const rows = async (where = '1 = 1'): Promise<number> =>
    Number((await ds.query(`SELECT COUNT(*) AS n FROM probe_rows WHERE ${where}`))[0].n);

  it('serialises concurrent transactions: each commits its own rows, none fails', async () => {
    const order: string[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, job) =>
        ds.transaction(async (em) => {
          order.push(`begin ${job}`);
          await em.query('INSERT INTO probe_rows (job, step) VALUES (?, 1)', [job]);
          await pause(job % 3);
          await em.query('INSERT INTO probe_rows (job, step) VALUES (?, 2)', [job]);
          order.push(`end ${job}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await rows()).toBe(32);
    // One at a time: every begin is followed by its own end.
    for (let i = 0; i < order.length; i += 2)
      expect(order[i + 1]).toBe(order[i].replace('begin', 'end'));
  });

  it('rolls back only the failing transaction, and the next one still commits', async () => {
    const failing = failureOf(
      ds.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (1, 1)');
        await pause(5);
        throw new Error('boom');
      }),
    );
    const others = Array.from({ length: 8 }, (_, i) =>
      ds.transaction(async (em) => {
        await pause(1);
        await em.query('INSERT INTO probe_rows (job, step) VALUES (?, 1)', [10 + i]);
      }),
    );
    expect(await failing).toBe('boom');
    await Promise.all(others);
    await ds.transaction((em) => em.query('INSERT INTO probe_rows (job, step) VALUES (2, 1)'));
    expect(await rows('job = 1')).toBe(0);
    expect(await rows('job >= 10')).toBe(8);
    expect(await rows('job = 2')).toBe(1);
  });

  it('keeps a standalone write out of another job’s open transaction', async () => {
    const failing = failureOf(
      ds.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (1, 1)');
        await pause(20);
        throw new Error('rolled back');
      }),
    );
    await pause(2);
    // Neither sees the open transaction's row nor ends up inside it.
    const seen = await rows('job = 1');
    await ds.query('INSERT INTO probe_rows (job, step) VALUES (3, 1)');
    await ds.getRepository('probe_rows').manager.query('SELECT 1');
    expect(await failing).toBe('rolled back');
    expect(seen).toBe(0);
    expect(await rows('job = 3')).toBe(1);
    expect(await rows('job = 1')).toBe(0);
  });

  it('nests a transaction of the same job as a savepoint, never another job’s', async () => {
    const jobs = Array.from({ length: 8 }, (_, job) =>
      ds.transaction(async (outer) => {
        await outer.query('INSERT INTO probe_rows (job, step) VALUES (?, 1)', [job]);
        await outer
          .transaction(async (inner) => {
            await inner.query('INSERT INTO probe_rows (job, step) VALUES (?, 2)', [job]);
            await pause(1);
            throw new Error('inner');
          })
          .catch(() => undefined);
        await ds.transaction((again) =>
          again.query('INSERT INTO probe_rows (job, step) VALUES (?, 3)', [job]),
        );
      }),
    );
    await Promise.all(jobs);
    expect(await rows('step = 1')).toBe(8);
    expect(await rows('step = 2')).toBe(0);
    expect(await rows('step = 3')).toBe(8);
  });

  it('runs Repository.save beside open transactions as its own unit', async () => {
    const leases = ds.getRepository(LeaseEntity);
    const lease = (key: string): LeaseEntity => ({
      key,
      jobId: null,
      token: 1,
      holder: null,
      holdJobId: null,
      heartbeatAt: null,
      expiresAt: null,
    });
    const failing = failureOf(
      ds.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (7, 1)');
        await pause(10);
        throw new Error('rolled back');
      }),
    );
    const saved = await Promise.all(
      Array.from({ length: 6 }, (_, i) => leases.save(lease(`wq-save-${i}`))),
    );
    expect(await failing).toBe('rolled back');
    expect(saved).toHaveLength(6);
    expect(await leases.countBy({ token: 1 })).toBeGreaterThanOrEqual(6);
    expect(await rows('job = 7')).toBe(0);
  });

  it('queues work a unit left running once that unit has ended', async () => {
    let leftover: Promise<unknown> | undefined;
    await ds.transaction(async (em) => {
      await em.query('INSERT INTO probe_rows (job, step) VALUES (9, 1)');
      leftover = pause(5).then(() => ds.query('INSERT INTO probe_rows (job, step) VALUES (9, 2)'));
    });
    // Another job's transaction is open when the leftover write runs, and then rolls back.
    const failing = failureOf(
      ds.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (10, 1)');
        await pause(20);
        throw new Error('rolled back');
      }),
    );
    await leftover;
    expect(await failing).toBe('rolled back');
    expect(await rows('job = 9')).toBe(2);
    expect(await rows('job = 10')).toBe(0);
  });

  it('refuses a transaction opened on the connection behind the queue’s back', async () => {
    const runner = ds.createQueryRunner();
    await expect(runner.startTransaction()).rejects.toThrow('outside the write queue');
    await ds.transaction((em) => em.query('INSERT INTO probe_rows (job, step) VALUES (8, 1)'));
    expect(await rows('job = 8')).toBe(1);
  });

  it('lets the event loop turn while a backlog of queued work drains', async () => {
    let lag = 0;
    let ticks = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      ticks++;
      lag = Math.max(lag, Date.now() - last);
      last = Date.now();
    }, 5);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 3000 }, (_, i) =>
        i % 3
          ? ds.query('INSERT INTO probe_rows (job, step) VALUES (?, 1)', [i])
          : ds.transaction(async (em) => {
              await em.query('INSERT INTO probe_rows (job, step) VALUES (?, 1)', [i]);
              await em.query('SELECT COUNT(*) FROM probe_rows WHERE job = ?', [i]);
            }),
      ),
    );
    lag = Math.max(lag, Date.now() - last);
    const total = Date.now() - started;
    clearInterval(timer);
    expect(await rows()).toBe(3000);
    // Drained in one go, the timer would not fire at all and the longest gap would be the total.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(lag).toBeLessThan(total / 2);
  });

  it('waits for another process’s write lock without blocking the event loop', async () => {
    const other = await openDataSource({ sqlitePath: path, poolSize: 1 }, false);
    try {
      let lag = 0;
      let last = Date.now();
      const timer = setInterval(() => {
        lag = Math.max(lag, Date.now() - last - 10);
        last = Date.now();
      }, 10);
      const held = other.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (4, 1)');
        await pause(600);
      });
      await pause(20);
      const started = Date.now();
      await ds.query('INSERT INTO probe_rows (job, step) VALUES (5, 1)');
      const waited = Date.now() - started;
      await held;
      clearInterval(timer);
      expect(waited).toBeGreaterThan(300);
      expect(lag).toBeLessThan(250);
      expect(await rows('job IN (4, 5)')).toBe(2);
    } finally {
      await other.destroy();
    }
  });

  it('takes the write lock when a transaction begins, not halfway through it', async () => {
    const other = await openDataSource({ sqlitePath: path, poolSize: 1 }, false);
    try {
      const held = other.transaction(async (em) => {
        await em.query('SELECT COUNT(*) FROM probe_rows');
        await pause(400);
      });
      await pause(20);
      expect(await canWrite(ds, 100)).toBe(false);
      await held;
    } finally {
      await other.destroy();
    }
  });

  it('reports the database unwritable while another process holds the write lock', async () => {
    const other = await openDataSource({ sqlitePath: path, poolSize: 1 }, false);
    try {
      expect(await canWrite(ds, 500)).toBe(true);
      const held = other.transaction(async (em) => {
        await em.query('INSERT INTO probe_rows (job, step) VALUES (6, 1)');
        await pause(1500);
      });
      await pause(20);
      expect(await canWrite(ds, 500)).toBe(false);
      await held;
      expect(await canWrite(ds, 500)).toBe(true);
    } finally {
      await other.destroy();
    }
  });
});
