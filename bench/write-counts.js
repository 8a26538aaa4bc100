// Shared by the bench's preloaded counters (count-statements.js, count-kafka-requests.js):
// rewrites <dir>/<app>-<pid>.<kind>.json every `everyMs` with what `payload` gives (a signal ends the
// process without an exit hook, so the file is kept current instead).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

function writeCountsEvery(dir, kind, everyMs, payload) {
  const app = process.argv[1]?.match(/apps\/([^/]+)\//)?.[1] ?? 'process';
  setInterval(() => {
    writeFileSync(
      join(dir, `${app}-${process.pid}.${kind}.json`),
      JSON.stringify({ app, pid: process.pid, ...payload() }, null, 1),
    );
  }, everyMs).unref();
}

// A count's entries, largest first, as an object.
function byCount(counts) {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

module.exports = { writeCountsEvery, byCount };
