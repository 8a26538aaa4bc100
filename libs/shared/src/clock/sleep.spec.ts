import { sleep } from './sleep';

describe('sleep', () => {
  it('waits the time it is given', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('ends early when the signal aborts, and at once when it already has', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const sleeping = sleep(10_000, stop.signal);
    setTimeout(() => stop.abort(), 10);
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
    const again = Date.now();
    await sleep(10_000, stop.signal);
    expect(Date.now() - again).toBeLessThan(50);
  });
});
