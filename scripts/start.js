#!/usr/bin/env node
// `npm start`: one machine, no Docker. Brings up Kafka (scripts/kafka.sh), the embedded SQLite
// database, the gateway, the scheduler and a sync-worker as separate processes, each restarted
// with backoff when it crashes (scripts/lib/supervisor.js); Ctrl-C or SIGTERM stops all.
// Unless SHOPSYNC_DEMO=false, it also runs the Shopify simulator with a seeded demo shop and
// registers that shop in shopsync, so real syncs can run at once.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createWriteStream, existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { appEnv, kafkaTarget, supervise } = require('./lib/supervisor');
const { IMPORT_SETTINGS, runDemoTour } = require('./lib/demo-tour');

const root = join(__dirname, '..');
const home = process.env.SHOPSYNC_HOME || join(root, '.shopsync');
const logs = join(home, 'logs');
const started = Date.now();
let kafka;
try {
  kafka = kafkaTarget(process.env);
} catch (error) {
  process.stderr.write(`shopsync: ${error.message}\n`);
  process.exit(2);
}
const apps = [];
let stopping = false;
let adminKeyFile = null;

function say(line) {
  process.stdout.write(`shopsync: ${line}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

// One supervised app: its output goes to logs/<name>.log; a crash restarts it with backoff.
function startApp(name, env, script = join(root, 'dist', 'apps', name, 'src', 'main.js')) {
  const log = createWriteStream(join(logs, `${name}.log`), { flags: 'a' });
  const app = supervise({
    name,
    spawn: () => {
      const child = spawn(process.execPath, [script], {
        cwd: root,
        env: appEnv(process.env, { home, brokers: kafka.brokers }, env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      child.stderr.on('data', (d) => {
        if (/failed to start|invalid configuration/.test(String(d)))
          process.stderr.write(`[${name}] ${d}`);
      });
      return child;
    },
    log: (line) => say(`${line}; see ${join(logs, `${name}.log`)}`),
    onGiveUp: () => void stop(1),
  });
  apps.push(app);
  return app;
}

// Without configured keys, a local admin key is made once (mode 0600) so the API can be used.
function localApiKey() {
  if (process.env.API_KEYS || process.env.API_KEYS_FILE) return {};
  const { createHash, randomBytes } = require('node:crypto');
  const { readFileSync, writeFileSync } = require('node:fs');
  const file = join(home, 'admin-api-key');
  if (!existsSync(file))
    writeFileSync(file, `sk_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  const key = readFileSync(file, 'utf8').trim();
  adminKeyFile = file;
  return {
    API_KEYS: JSON.stringify([
      {
        name: 'local-admin',
        sha256: createHash('sha256').update(key).digest('hex'),
        scopes: ['admin'],
      },
    ]),
  };
}

// The demo: the Shopify simulator (plain HTTP on 127.0.0.1) with one seeded store. The apps
// reach it through SHOPIFY_ENDPOINT_OVERRIDES; its webhooks go to the gateway. The token and
// app secret are new on every start (the simulator keeps its store in memory) and are handed
// to shopsync through the API only.
function demoSettings(gatewayUrl) {
  if (process.env.SHOPSYNC_DEMO === 'false') return null;
  const { randomBytes } = require('node:crypto');
  const port = process.env.SHOPIFY_SIM_PORT || '8787';
  const url = `http://127.0.0.1:${port}`;
  const domain = process.env.SHOPSYNC_DEMO_DOMAIN || 'demo-shop.myshopify.com';
  // The routed request names its shop (fetch cannot set Host).
  const override = `${domain}=${url}/shops/{shop}`;
  const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
  const appSecret = randomBytes(24).toString('hex');
  return {
    url,
    domain,
    code: 'demo',
    accessToken,
    appSecret,
    overrides: process.env.SHOPIFY_ENDPOINT_OVERRIDES
      ? `${process.env.SHOPIFY_ENDPOINT_OVERRIDES},${override}`
      : override,
    simEnv: {
      SHOPIFY_SIM_PORT: port,
      SHOPIFY_SIM_HOST: '127.0.0.1',
      SHOPIFY_SIM_DEMO_SHOP: domain,
      SHOPIFY_SIM_DEMO_TOKEN: accessToken,
      SHOPIFY_SIM_DEMO_SECRET: appSecret,
      SHOPIFY_SIM_WEBHOOK_TARGET: `${gatewayUrl}/v1/webhooks/shopify`,
    },
  };
}

// Creates the demo shop, or gives the existing one the simulator's new token.
async function registerDemoShop(demo, gatewayUrl, apiKey) {
  const headers = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const call = async (method, path, body) => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers,
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const credentials = { accessToken: demo.accessToken, appSecret: demo.appSecret };
  const existing = await call('GET', `/v1/shops/${demo.code}`);
  const res =
    existing.status === 404
      ? await call('POST', '/v1/shops', {
          code: demo.code,
          domain: demo.domain,
          // The demo shows the whole loop (scripts/lib/demo-tour.js): the catalog and the
          // customers imported from the store first, unknown SKUs become ERP items, refunds
          // after processing become credit memos.
          settings: IMPORT_SETTINGS,
          ...credentials,
        })
      : await call('PATCH', `/v1/shops/${demo.code}`, { domain: demo.domain, ...credentials });
  if (res.status >= 300)
    throw new Error(`the demo shop could not be registered (${res.status}): ${res.body?.message}`);
  const sim = await fetch(`${demo.url}/_sim/shops/${demo.domain}`).then((r) => r.json());
  return { shop: res.body, counts: sim.counts, created: existing.status === 404 };
}

async function waitReady(url, name, timeoutMs = 120000, path = '/health/ready') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}${path}`);
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
  await Promise.all(apps.map((app) => app.stop()));
  if (kafka.ownBroker)
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
  // An operator may point at an existing cluster with KAFKA_BROKERS; otherwise run our own on
  // KAFKA_PORT, and the apps are handed that address.
  if (kafka.ownBroker) run('bash', [join(root, 'scripts', 'kafka.sh'), 'start']);
  const port = process.env.GATEWAY_PORT || '3000';
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const demo = demoSettings(gatewayUrl);
  const shopifyEnv = demo ? { SHOPIFY_ENDPOINT_OVERRIDES: demo.overrides } : {};
  if (demo) {
    startApp('shopify-sim', demo.simEnv, join(root, 'dist', 'test', 'shopify-sim', 'main.js'));
    await waitReady(demo.url, 'shopify-sim', 60000, '/_sim/health');
  }
  // The gateway first: it applies the database migrations before the others open the file.
  startApp('gateway', { GATEWAY_PORT: port, ...shopifyEnv, ...localApiKey() });
  await waitReady(gatewayUrl, 'gateway');
  startApp('scheduler', { SCHEDULER_HTTP_PORT: process.env.SCHEDULER_HTTP_PORT || '3002' });
  startApp('sync-worker', {
    WORKER_HTTP_PORT: process.env.WORKER_HTTP_PORT || '3001',
    ...shopifyEnv,
  });
  await Promise.all([
    waitReady(`http://127.0.0.1:${process.env.SCHEDULER_HTTP_PORT || '3002'}`, 'scheduler'),
    waitReady(`http://127.0.0.1:${process.env.WORKER_HTTP_PORT || '3001'}`, 'sync-worker'),
  ]);
  say(`up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  say(`API       ${gatewayUrl}/v1  (health: ${gatewayUrl}/health/ready)`);
  say(
    `database  ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : join(home, 'shopsync.sqlite')}`,
  );
  say(`kafka     ${kafka.brokers}${kafka.ownBroker ? '' : ' (KAFKA_BROKERS)'}`);
  say(`logs      ${logs}`);
  if (adminKeyFile)
    say(
      `API key   in ${adminKeyFile}: curl -H "Authorization: Bearer $(cat ${adminKeyFile})" ${gatewayUrl}/v1/shops`,
    );
  if (demo) {
    const apiKey = adminKeyFile
      ? require('node:fs').readFileSync(adminKeyFile, 'utf8').trim()
      : process.env.SHOPSYNC_API_KEY;
    try {
      const { counts, created } = await registerDemoShop(demo, gatewayUrl, apiKey);
      say(
        `demo shop '${demo.code}' (${demo.domain}) registered, on the Shopify simulator at ${demo.url}: ` +
          `${counts.products} products / ${counts.variants} variants, ${counts.locations} locations, ` +
          `${counts.customers} customers, ${counts.orders} orders (SHOPSYNC_DEMO=false leaves it out)`,
      );
      say(
        `try       curl -X POST -H "Authorization: Bearer $(cat ${adminKeyFile || '<your key file>'})" ` +
          `-H 'content-type: application/json' -d '{"task":"orders"}' ${gatewayUrl}/v1/shops/${demo.code}/syncs`,
      );
      // The tour runs when the demo shop is new (SHOPSYNC_DEMO_TOUR=always: on every start,
      // false: never); a restart keeps the ERP data of the first one.
      const tour = process.env.SHOPSYNC_DEMO_TOUR || 'first-start';
      if (tour === 'always' || (tour !== 'false' && created)) {
        say(
          'demo tour: the initial import, then every task once (SHOPSYNC_DEMO_TOUR=false skips it)',
        );
        try {
          await runDemoTour({
            gatewayUrl,
            apiKey,
            shop: demo.code,
            simUrl: demo.url,
            domain: demo.domain,
            say,
          });
        } catch (error) {
          say(`demo tour stopped: ${error.message}`);
        }
      }
    } catch (error) {
      // The platform runs without it; say why (with your own API_KEYS, set SHOPSYNC_API_KEY).
      say(`demo shop not registered: ${error.message}`);
    }
  }
  say('press Ctrl-C to stop (a crashed app is restarted; see its log)');
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error) => {
  process.stderr.write(`shopsync: ${error.message}\n`);
  void stop(1);
});
