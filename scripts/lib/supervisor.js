'use strict';
// The pieces of `npm start` that decide something, apart from the processes they act on, so a
// unit spec can drive them with a fake clock and fake children (scripts/lib/supervisor.spec.ts).

// The broker the apps use: the operator's cluster (KAFKA_BROKERS), or the one `npm start` runs
// on KAFKA_PORT. Either way the apps are told the same address the broker has.
function kafkaTarget(env) {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, ownBroker: false };
  const port = env.KAFKA_PORT || '9092';
  if (!/^\d+$/.test(port)) throw new Error(`KAFKA_PORT must be a number, got '${port}'`);
  return { brokers: `127.0.0.1:${port}`, ownBroker: true };
}

// What every app process gets: the launcher's environment, the shared home and broker, then
// the app's own settings.
function appEnv(base, { home, brokers }, own = {}) {
  return { ...base, SHOPSYNC_HOME: home, KAFKA_BROKERS: brokers, ...own };
}

// Exponential backoff between restarts (initial, doubling, capped). A run that lasted
// `stableMs` counts as healthy and resets the count; `maxFastCrashes` crashes in a row, each
// sooner than that, mean restarting will not help.
class RestartPolicy {
  constructor({ initialMs = 1000, maxMs = 30000, stableMs = 60000, maxFastCrashes = 5 } = {}) {
    Object.assign(this, { initialMs, maxMs, stableMs, maxFastCrashes });
    this.crashes = 0;
  }

  afterExit(uptimeMs) {
    if (uptimeMs >= this.stableMs) this.crashes = 0;
    this.crashes += 1;
    if (this.crashes > this.maxFastCrashes) return { giveUp: true, crashes: this.crashes };
    const delayMs = Math.min(this.maxMs, this.initialMs * 2 ** (this.crashes - 1));
    return { giveUp: false, crashes: this.crashes, delayMs };
  }
}

function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

// Keeps one app running: `spawn()` returns a child (an EventEmitter with 'exit' and kill()).
// A child that exits while the stack runs is restarted per the policy, and every step is
// logged; `onGiveUp` is called when the policy gives up. `stop()` ends it for good.
function supervise({
  name,
  spawn,
  log,
  onGiveUp,
  policy = new RestartPolicy(),
  now = Date.now,
  setTimer = setTimeout,
  clearTimer = clearTimeout,
  killAfterMs = 30000,
}) {
  const state = { child: null, startedAt: 0, stopped: false, timer: null, restarts: 0 };

  const launch = () => {
    state.startedAt = now();
    const child = spawn();
    state.child = child;
    child.once('exit', (code, signal) => {
      if (state.stopped || state.child !== child) return;
      state.child = null;
      const uptimeMs = now() - state.startedAt;
      const next = policy.afterExit(uptimeMs);
      const after = `${describeExit(code, signal)} after ${(uptimeMs / 1000).toFixed(1)}s`;
      if (next.giveUp) {
        log(
          `${name} exited (${after}): ${next.crashes} crashes in a row, each within ` +
            `${policy.stableMs / 1000}s of starting; not restarting it again, stopping the stack`,
        );
        onGiveUp(name);
        return;
      }
      log(
        `${name} exited (${after}); restarting in ${(next.delayMs / 1000).toFixed(1)}s ` +
          `(crash ${next.crashes} of at most ${policy.maxFastCrashes} in a row)`,
      );
      state.timer = setTimer(() => {
        state.timer = null;
        if (state.stopped) return;
        state.restarts += 1;
        log(`${name} restarting (restart ${state.restarts})`);
        launch();
      }, next.delayMs);
    });
  };

  launch();
  return {
    get child() {
      return state.child;
    },
    get restarts() {
      return state.restarts;
    },
    // SIGTERM, then SIGKILL after killAfterMs; resolves once the child is gone.
    stop() {
      state.stopped = true;
      if (state.timer) clearTimer(state.timer);
      const child = state.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimer(() => child.kill('SIGKILL'), killAfterMs);
        child.once('exit', () => {
          clearTimer(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

module.exports = { kafkaTarget, appEnv, RestartPolicy, supervise };
