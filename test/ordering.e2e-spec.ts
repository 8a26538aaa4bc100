import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Rec {
  event: 'start' | 'end';
  jobId: string;
  key: string;
  seq: number;
  attempt: number;
  at: number;
  pid: number;
}

// Guarantee 2 under load: 2,000 requests over 50 keys, handlers of random duration, two workers.
describe('ordering: same shop+category runs one at a time, in request order', () => {
  const KEYS = 50;
  const TOTAL = 2000;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const recordFile = join(ROOT, '.shopsync', `ordering-${process.pid}.jsonl`);

  beforeAll(async () => {
    writeFileSync(recordFile, '');
    db = await createTestDatabase('ordering');
    stack = await new Stack({
      name: 'ordering',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      workers: 2,
      env: { DB_POOL_SIZE: '20' },
      workerEnv: { TEST_RECORD_FILE: recordFile, WORKER_CONCURRENCY: '32' },
    }).start();
    for (let s = 0; s < KEYS; s++) {
      expect(
        (
          await stack.api('POST', '/v1/shops', {
            code: `shop-${s}`,
            domain: `shop-${s}.myshopify.com`,
          })
        ).status,
      ).toBe(201);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('keeps per-key order and never overlaps one key, over 2,000 jobs', async () => {
    // Each key's requests are sent one after another (that is its request order); keys in parallel.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const perKey = TOTAL / KEYS;
    const durations = Array.from({ length: TOTAL }, () => Math.floor(rand() * 25));
    const jobIdsByKey = new Map<number, string[]>();
    await Promise.all(
      Array.from({ length: KEYS }, async (_, s) => {
        const ids: string[] = [];
        for (let i = 0; i < perKey; i++) {
          const res = await stack.api<{ id: string }>('POST', `/v1/shops/shop-${s}/syncs`, {
            task: 'inventory',
            params: { seq: i, sleepMs: durations[s * perKey + i] },
          });
          expect(res.status).toBe(202);
          ids.push(res.body.id);
        }
        jobIdsByKey.set(s, ids);
      }),
    );
    await eventually(
      async () => {
        const done = await stack.api<{ total: number }>('GET', '/v1/jobs?status=succeeded&limit=1');
        expect(done.body.total).toBe(TOTAL);
      },
      240_000,
      1000,
    );

    const recs = readFileSync(recordFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Rec);
    const starts = recs.filter((r) => r.event === 'start');
    expect(starts).toHaveLength(TOTAL); // exactly one execution per job
    expect(new Set(starts.map((r) => r.jobId)).size).toBe(TOTAL);
    const byKey = new Map<string, Rec[]>();
    for (const r of recs) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect(byKey.size).toBe(KEYS);
    for (const [key, list] of byKey) {
      const intervals = list
        .filter((r) => r.event === 'start')
        .map((st) => ({
          seq: st.seq,
          start: st.at,
          end: list.find((e) => e.event === 'end' && e.jobId === st.jobId)!.at,
        }))
        .sort((a, b) => a.start - b.start || a.seq - b.seq);
      // Each execution of a key starts only after the previous one ended (ms clock: equal is fine).
      for (let i = 1; i < intervals.length; i++) {
        expect({ key, overlap: intervals[i].start < intervals[i - 1].end }).toEqual({
          key,
          overlap: false,
        });
      }
      expect(intervals.map((r) => r.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i));
    }
    const pids = new Set(starts.map((r) => r.pid));
    expect(pids.size).toBe(2); // both workers took part
  });
});
