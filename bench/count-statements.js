// Preloaded into the apps by test/support/stack.ts when SHOPSYNC_STATEMENTS_DIR is set (bench
// only): counts the SQL statements each process sends through `pg`, by their first words, and
// rewrites <dir>/<app>-<pid>.statements.json every second.
const pg = require('pg');
const { byCount, writeCountsEvery } = require('./write-counts');

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
writeCountsEvery(process.env.SHOPSYNC_STATEMENTS_DIR, 'statements', 1000, () => ({
  total,
  statements: byCount(counts),
}));
