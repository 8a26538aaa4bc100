import { KeyedDispatcher } from './keyed-dispatcher';

const tick = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedDispatcher', () => {
  const make = (concurrency = 4, maxBuffered = 100) => {
    const paused: number[] = [];
    const resumed: number[] = [];
    const d = new KeyedDispatcher({
      concurrency,
      maxBufferedPerPartition: maxBuffered,
      pause: (_t, p) => paused.push(p),
      resume: (_t, p) => resumed.push(p),
    });
    return { d, paused, resumed };
  };

  it('runs one key strictly in order and different keys concurrently', async () => {
    const { d } = make(4);
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const item = (key: string, offset: number) => {
      const g = deferred();
      gates.set(`${key}${offset}`, g);
      return {
        topic: 't',
        partition: 0,
        offset,
        key,
        run: async () => {
          log.push(`start ${key}${offset}`);
          await g.promise;
          log.push(`end ${key}${offset}`);
        },
      };
    };
    d.enqueue(item('a', 0));
    d.enqueue(item('a', 1));
    d.enqueue(item('b', 2));
    await tick();
    expect(log).toEqual(['start a0', 'start b2']);
    gates.get('b2')!.resolve();
    await tick();
    expect(log).not.toContain('start a1');
    gates.get('a0')!.resolve();
    await tick();
    await tick();
    expect(log.slice(-1)).toEqual(['start a1']);
    gates.get('a1')!.resolve();
    await tick();
    await tick();
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(3);
  });

  it('commits only up to the first unfinished offset of a partition', async () => {
    const { d } = make(4);
    const g0 = deferred();
    d.enqueue({ topic: 't', partition: 0, offset: 10, key: 'a', run: () => g0.promise });
    d.enqueue({ topic: 't', partition: 0, offset: 11, key: 'b', run: async () => undefined });
    await tick();
    await tick();
    // Offset 11 is done but 10 is not: nothing past 10 may be committed.
    expect(d.takeCommits()).toEqual([{ topic: 't', partition: 0, offset: '10' }]);
    d.markCommitted('t', 0, '10');
    g0.resolve();
    await tick();
    await tick();
    expect(d.takeCommits()).toEqual([{ topic: 't', partition: 0, offset: '12' }]);
    d.markCommitted('t', 0, '12');
    expect(d.takeCommits()).toEqual([]);
  });

  it('keeps a handed-back message uncommitted', async () => {
    const { d } = make(4);
    d.enqueue({ topic: 't', partition: 0, offset: 0, key: 'a', run: async () => false });
    d.enqueue({ topic: 't', partition: 0, offset: 1, key: 'b', run: async () => true });
    await tick();
    await tick();
    expect(d.takeCommits()).toEqual([]);
  });

  it('bounds concurrency across keys', async () => {
    const { d } = make(2);
    let active = 0;
    let peak = 0;
    const gates = [deferred(), deferred(), deferred()];
    gates.forEach((g, i) =>
      d.enqueue({
        topic: 't',
        partition: 0,
        offset: i,
        key: `k${i}`,
        run: async () => {
          active++;
          peak = Math.max(peak, active);
          await g.promise;
          active--;
        },
      }),
    );
    await tick();
    expect(active).toBe(2);
    gates.forEach((g) => g.resolve());
    await tick();
    await tick();
    await tick();
    expect(peak).toBe(2);
  });

  it('ignores a redelivered offset it already holds', () => {
    const { d } = make(1);
    const g = deferred();
    expect(d.enqueue({ topic: 't', partition: 0, offset: 5, key: 'a', run: () => g.promise })).toBe(
      true,
    );
    expect(d.enqueue({ topic: 't', partition: 0, offset: 5, key: 'a', run: () => g.promise })).toBe(
      false,
    );
    g.resolve();
  });

  it('pauses a full partition and resumes it when half drained', async () => {
    const { d, paused, resumed } = make(1, 4);
    const gates = [0, 1, 2, 3].map(() => deferred());
    gates.forEach((g, i) =>
      d.enqueue({ topic: 't', partition: 3, offset: i, key: 'a', run: () => g.promise }),
    );
    expect(paused).toEqual([3]);
    for (const g of gates) {
      g.resolve();
      await tick();
      await tick();
    }
    expect(resumed).toEqual([3]);
  });

  it('forgets the queued messages of a revoked partition', async () => {
    const { d } = make(1);
    const ran: number[] = [];
    const g = deferred();
    d.enqueue({
      topic: 't',
      partition: 0,
      offset: 0,
      key: 'a',
      run: () => g.promise.then(() => void ran.push(0)),
    });
    d.enqueue({ topic: 't', partition: 0, offset: 1, key: 'a', run: async () => void ran.push(1) });
    d.revoke('t', 0);
    g.resolve();
    await tick();
    await tick();
    expect(ran).toEqual([0]);
    expect(d.assigned()).toEqual([]);
  });
});
