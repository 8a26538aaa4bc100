// Preloaded into the apps by test/support/stack.ts when SHOPSYNC_STATEMENTS_DIR is set (bench
// only): counts the SQL statements each process sends through `pg`, by their first words, and
// rewrites <dir>/<pid>.json every second (a signal ends the process without an exit hook).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const pg = require('pg');

const dir = process.env.SHOPSYNC_STATEMENTS_DIR;
const counts = new Map();
let total = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, ...rest) {
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  total++;
  return original.call(this, config, ...rest);
};
const app = process.argv[1]?.match(/apps\/([^/]+)\//)?.[1] ?? 'process';
setInterval(() => {
  const byCount = [...counts].sort((a, b) => b[1] - a[1]);
  writeFileSync(
    join(dir, `${app}-${process.pid}.json`),
    JSON.stringify(
      { app, pid: process.pid, total, statements: Object.fromEntries(byCount) },
      null,
      1,
    ),
  );
}, 1000).unref();
