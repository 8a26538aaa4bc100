import { Logger } from '@nestjs/common';
import { sleep } from './sleep';
import { Ticker } from './ticker';

describe('Ticker', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('waits the first delay, then runs every interval without overlapping', async () => {
    let runs = 0;
    let active = 0;
    let overlapped = false;
    const ticker = new Ticker(
      'test',
      5,
      async () => {
        overlapped ||= active > 0;
        active++;
        runs++;
        await sleep(10);
        active--;
      },
      { firstDelayMs: 40 },
    );
    ticker.start();
    await sleep(20);
    expect(runs).toBe(0);
    await sleep(100);
    await ticker.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
  });

  it('keeps ticking after a failure, and stop waits for the running work', async () => {
    let runs = 0;
    let finished = false;
    const ticker = new Ticker('test', 5, async () => {
      runs++;
      if (runs === 1) throw new Error('database restarting');
      await sleep(20);
      finished = true;
    });
    ticker.start();
    await sleep(15);
    await ticker.stop();
    expect(runs).toBe(2);
    expect(finished).toBe(true);
  });

  it('does not keep the process alive when unref is asked', () => {
    const ticker = new Ticker('test', 60_000, async () => undefined, {
      firstDelayMs: 60_000,
      unref: true,
    });
    ticker.start();
    const timer = (ticker as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    void ticker.stop();
  });
});
