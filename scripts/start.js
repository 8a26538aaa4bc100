#!/usr/bin/env node
// `npm start`: one machine, no Docker. Brings up Kafka (scripts/kafka.sh), the embedded SQLite
// database, the gateway, the scheduler and a sync-worker as separate processes; Ctrl-C stops all.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createWriteStream, existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const home = process.env.SHOPSYNC_HOME || join(root, '.shopsync');
const logs = join(home, 'logs');
const started = Date.now();
const children = [];
let stopping = false;

function say(line) {
  process.stdout.write(`shopsync: ${line}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function startApp(name, env) {
  const log = createWriteStream(join(logs, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, SHOPSYNC_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.stderr.on('data', (d) => {
    if (/failed to start|invalid configuration/.test(String(d)))
      process.stderr.write(`[${name}] ${d}`);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(
        `${name} exited (${signal || code}); see ${join(logs, `${name}.log`)}. Stopping everything.`,
      );
      void stop(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitReady(url, name, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${name} did not become ready at ${url} within ${timeoutMs / 1000}s; see ${logs}`,
  );
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping ...');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 30000).unref();
        }),
    ),
  );
  if (!process.env.KAFKA_BROKERS)
    spawnSync('bash', [join(root, 'scripts', 'kafka.sh'), 'stop'], { stdio: 'inherit' });
  say('stopped');
  process.exit(code);
}

async function main() {
  mkdirSync(logs, { recursive: true });
  if (!existsSync(join(root, 'dist', 'apps', 'gateway', 'src', 'main.js'))) {
    say('building (first run) ...');
    run('npm', ['run', 'build']);
  }
  // An operator may point at an existing cluster with KAFKA_BROKERS; otherwise run our own.
  if (!process.env.KAFKA_BROKERS) run('bash', [join(root, 'scripts', 'kafka.sh'), 'start']);
  const port = process.env.GATEWAY_PORT || '3000';
  const gatewayUrl = `http://127.0.0.1:${port}`;
  // The gateway first: it applies the database migrations before the others open the file.
  startApp('gateway', { GATEWAY_PORT: port });
  await waitReady(gatewayUrl, 'gateway');
  startApp('scheduler', { SCHEDULER_HTTP_PORT: process.env.SCHEDULER_HTTP_PORT || '3002' });
  startApp('sync-worker', { WORKER_HTTP_PORT: process.env.WORKER_HTTP_PORT || '3001' });
  await Promise.all([
    waitReady(`http://127.0.0.1:${process.env.SCHEDULER_HTTP_PORT || '3002'}`, 'scheduler'),
    waitReady(`http://127.0.0.1:${process.env.WORKER_HTTP_PORT || '3001'}`, 'sync-worker'),
  ]);
  say(`up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  say(`API       ${gatewayUrl}/v1  (health: ${gatewayUrl}/health/ready)`);
  say(
    `database  ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : join(home, 'shopsync.sqlite')}`,
  );
  say(`logs      ${logs}`);
  say('press Ctrl-C to stop');
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error) => {
  process.stderr.write(`shopsync: ${error.message}\n`);
  void stop(1);
});
