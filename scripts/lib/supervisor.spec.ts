import { EventEmitter } from 'node:events';
import { appEnv, kafkaTarget, RestartPolicy, supervise, SupervisedChild } from './supervisor';

class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  signals: string[] = [];
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

// A clock and timers that move only when the test says so.
function fakeTime() {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const id = ++ids;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimer: (id: number) => {
      timers = timers.filter((x) => x.id !== id);
    },
    advance(ms: number) {
      const until = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = due.at;
        due.fn();
      }
      t = until;
    },
    pending: () => timers.length,
  };
}

describe('npm start: the broker address', () => {
  it('hands the apps the port the broker was started on', () => {
    const env = { KAFKA_PORT: '19092', PATH: '/bin' };
    const target = kafkaTarget(env);
    expect(target).toEqual({ brokers: '127.0.0.1:19092', ownBroker: true });
    const app = appEnv(env, { home: '/h', ...target }, { GATEWAY_PORT: '3000' });
    expect(app).toMatchObject({
      KAFKA_BROKERS: '127.0.0.1:19092',
      SHOPSYNC_HOME: '/h',
      GATEWAY_PORT: '3000',
      PATH: '/bin',
    });
  });

  it('defaults to 9092, and uses an operator cluster as given without starting a broker', () => {
    expect(kafkaTarget({})).toEqual({ brokers: '127.0.0.1:9092', ownBroker: true });
    expect(kafkaTarget({ KAFKA_BROKERS: 'k1:9092,k2:9092', KAFKA_PORT: '1' })).toEqual({
      brokers: 'k1:9092,k2:9092',
      ownBroker: false,
    });
    expect(() => kafkaTarget({ KAFKA_PORT: 'abc' })).toThrow(/KAFKA_PORT must be a number/);
  });
});

describe('npm start: restart policy', () => {
  it('doubles the delay per fast crash up to the cap, and gives up after too many', () => {
    const p = new RestartPolicy({
      initialMs: 1000,
      maxMs: 8000,
      stableMs: 60000,
      maxFastCrashes: 5,
    });
    const delays = [1, 2, 3, 4, 5].map(() => p.afterExit(500));
    expect(delays.map((d) => (d.giveUp ? 'give up' : d.delayMs))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
    expect(p.afterExit(500)).toEqual({ giveUp: true, crashes: 6 });
  });

  it('starts over once a run stayed up for the stable time', () => {
    const p = new RestartPolicy({ initialMs: 1000, maxMs: 30000, stableMs: 60000 });
    p.afterExit(100);
    p.afterExit(100);
    expect(p.afterExit(100)).toMatchObject({ delayMs: 4000 });
    expect(p.afterExit(60000)).toEqual({ giveUp: false, crashes: 1, delayMs: 1000 });
  });
});

describe('npm start: supervising an app', () => {
  const setup = (policy = new RestartPolicy({ initialMs: 1000, maxMs: 4000, stableMs: 10000 })) => {
    const time = fakeTime();
    const children: FakeChild[] = [];
    const lines: string[] = [];
    const gaveUp: string[] = [];
    const s = supervise({
      name: 'sync-worker',
      spawn: () => {
        const c = new FakeChild();
        children.push(c);
        return c as SupervisedChild;
      },
      log: (l) => lines.push(l),
      onGiveUp: (n) => gaveUp.push(n),
      policy,
      now: time.now,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer as (t: never) => void,
      killAfterMs: 30000,
    });
    return { time, children, lines, gaveUp, s };
  };

  it('restarts a crashed app after the backoff, saying so, and keeps the stack up', () => {
    const { time, children, lines, gaveUp, s } = setup();
    time.advance(2000);
    children[0].exit(1);
    expect(lines[0]).toBe(
      'sync-worker exited (code 1 after 2.0s); restarting in 1.0s (crash 1 of at most 5 in a row)',
    );
    time.advance(999);
    expect(children).toHaveLength(1);
    time.advance(1);
    expect(children).toHaveLength(2);
    expect(s.child).toBe(children[1]);
    time.advance(1000);
    children[1].exit(null, 'SIGKILL');
    time.advance(2000);
    expect(children).toHaveLength(3);
    expect(lines).toContain(
      'sync-worker exited (signal SIGKILL after 1.0s); restarting in 2.0s (crash 2 of at most 5 in a row)',
    );
    expect([s.restarts, gaveUp]).toEqual([2, []]);
  });

  it('resets the backoff after the app stayed up', () => {
    const { time, children, lines } = setup();
    for (let i = 0; i < 3; i++) {
      children[children.length - 1].exit(1);
      time.advance(4000);
    }
    time.advance(10000);
    children[children.length - 1].exit(1);
    expect(lines[lines.length - 1]).toMatch(/restarting in 1\.0s \(crash 1 of/);
  });

  it('gives up after repeated fast crashes, and says why', () => {
    const { time, children, lines, gaveUp } = setup(
      new RestartPolicy({ initialMs: 10, maxFastCrashes: 2, stableMs: 1000 }),
    );
    children[0].exit(1);
    time.advance(10);
    children[1].exit(1);
    time.advance(20);
    children[2].exit(1);
    time.advance(60000);
    expect(children).toHaveLength(3);
    expect(gaveUp).toEqual(['sync-worker']);
    expect(lines[lines.length - 1]).toBe(
      'sync-worker exited (code 1 after 0.0s): 3 crashes in a row, each within 1s of starting; not restarting it again, stopping the stack',
    );
  });

  it('stop() terminates the app, escalates to SIGKILL, and restarts nothing', async () => {
    const { time, children, s } = setup();
    const stopped = s.stop();
    expect(children[0].signals).toEqual(['SIGTERM']);
    time.advance(30000);
    expect(children[0].signals).toEqual(['SIGTERM', 'SIGKILL']);
    children[0].exit(null, 'SIGKILL');
    await stopped;
    time.advance(120000);
    expect(children).toHaveLength(1);
  });

  it('stop() during a backoff cancels the pending restart', async () => {
    const { time, children, s } = setup();
    children[0].exit(1);
    await s.stop();
    time.advance(60000);
    expect(children).toHaveLength(1);
    expect(time.pending()).toBe(0);
  });
});
