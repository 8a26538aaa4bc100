import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  function setup(fail?: (batch: string[]) => boolean) {
    const batches: string[][] = [];
    const gates: Array<() => void> = [];
    const batcher = new MicroBatcher<string, string>(
      MicroBatcher.mapping(async (batch) => {
        batches.push(batch);
        await new Promise<void>((r) => gates.push(r));
        if (fail?.(batch)) throw new Error('statement failed');
        return batch.map((b) => b.toUpperCase());
      }),
      { keyOf: (input) => input.split(':')[0] },
    );
    const open = async () => {
      while (!gates.length) await new Promise((r) => setImmediate(r));
      gates.shift()!();
    };
    return { batcher, batches, open };
  }

  it('runs a lone call at once and the calls that came meanwhile together, each with its result', async () => {
    const { batcher, batches, open } = setup();
    const a = batcher.add('a:1');
    await new Promise((r) => setImmediate(r));
    const rest = ['b:1', 'c:1', 'd:1'].map((x) => batcher.add(x));
    await open();
    await open();
    expect(await Promise.all([a, ...rest])).toEqual(['A:1', 'B:1', 'C:1', 'D:1']);
    expect(batches).toEqual([['a:1'], ['b:1', 'c:1', 'd:1']]);
  });

  it('never puts two inputs with the same key in one batch', async () => {
    const { batcher, batches, open } = setup();
    const all = ['k:1', 'k:2', 'j:1'].map((x) => batcher.add(x));
    await open();
    await open();
    await Promise.all(all);
    expect(batches).toEqual([['k:1'], ['k:2', 'j:1']]);
  });

  it('rejects only the calls of a failed batch', async () => {
    const { batcher, open } = setup((batch) => batch.includes('x:1'));
    const first = batcher.add('x:1').catch((e: Error) => e.message);
    await new Promise((r) => setImmediate(r));
    const second = batcher.add('y:1');
    await open();
    await open();
    expect(await first).toBe('statement failed');
    await expect(second).resolves.toBe('Y:1');
  });
});
