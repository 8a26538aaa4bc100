// A handler module for end-to-end tests (WORKER_HANDLER_MODULE): every task sleeps, records
// when it ran, and fails on demand. Plain JavaScript so the worker loads it as is.
const { appendFileSync } = require('node:fs');

const record = (entry) => {
  const file = process.env.TEST_RECORD_FILE;
  if (file) appendFileSync(file, JSON.stringify(entry) + '\n');
};

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

async function run(ctx) {
  const p = ctx.job.params || {};
  const start = Date.now();
  record({
    event: 'start',
    jobId: ctx.job.id,
    key: `${ctx.job.shopId}/${ctx.job.category}`,
    seq: p.seq,
    attempt: ctx.job.attempt,
    at: start,
    pid: process.pid,
  });
  // Defaults from the environment let a browser test's "Sync now" (no params) take a while.
  const steps = p.steps || Number(process.env.TEST_DEFAULT_STEPS || 1);
  const sleepMs =
    p.sleepMs === undefined ? Number(process.env.TEST_DEFAULT_SLEEP_MS || 0) : p.sleepMs;
  for (let i = 0; i < steps; i++) {
    await sleep(sleepMs / steps, ctx.signal);
    ctx.progress(i + 1, steps);
    if (ctx.signal.aborted) break;
  }
  const end = Date.now();
  record({
    event: 'end',
    jobId: ctx.job.id,
    key: `${ctx.job.shopId}/${ctx.job.category}`,
    seq: p.seq,
    attempt: ctx.job.attempt,
    at: end,
    pid: process.pid,
  });
  if (ctx.signal.aborted) throw new Error('stopped');
  if (p.failTimes && ctx.job.attempt <= p.failTimes) {
    const error = new Error(
      `planned ${p.failKind || 'transient'} failure on attempt ${ctx.job.attempt}`,
    );
    error.kind = p.failKind === 'permanent' ? 'permanent' : 'transient';
    throw error;
  }
  if (p.failUnlessTrigger && ctx.job.trigger !== p.failUnlessTrigger) {
    throw Object.assign(new Error(`planned failure: trigger is ${ctx.job.trigger}`), {
      kind: 'permanent',
    });
  }
  if (p.skip) ctx.skip(String(p.skip), 'planned skip');
  if (p.chain) ctx.chain(p.chain, { seq: p.seq });
  return { summary: { updated: 1 } };
}

// One handler for every task of TASKS: the worker fills in the list (no copy of it here).
module.exports = { everyTask: run };
