// Preloaded into the apps by test/support/stack.ts when SHOPSYNC_KAFKA_REQUESTS_DIR is set
// (bench only): counts the Kafka requests each process sends through kafkajs, by API (Produce,
// Fetch, Heartbeat, OffsetCommit, ...), and rewrites <dir>/<app>-<pid>.json every 250 ms (a
// signal ends the process without an exit hook).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Connection = require('kafkajs/src/network/connection');

const dir = process.env.SHOPSYNC_KAFKA_REQUESTS_DIR;
const counts = new Map();
let total = 0;
const original = Connection.prototype.send;
Connection.prototype.send = function send(args, ...rest) {
  const api = args?.request?.apiName ?? '?';
  counts.set(api, (counts.get(api) ?? 0) + 1);
  total++;
  return original.call(this, args, ...rest);
};
const app = process.argv[1]?.match(/apps\/([^/]+)\//)?.[1] ?? 'process';
setInterval(() => {
  const byCount = [...counts].sort((a, b) => b[1] - a[1]);
  writeFileSync(
    join(dir, `${app}-${process.pid}.json`),
    JSON.stringify(
      { app, pid: process.pid, total, requests: Object.fromEntries(byCount) },
      null,
      1,
    ),
  );
}, 250).unref();
