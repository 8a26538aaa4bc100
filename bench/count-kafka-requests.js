// Preloaded into the apps by test/support/stack.ts when SHOPSYNC_KAFKA_REQUESTS_DIR is set
// (bench only): counts the Kafka requests each process sends through kafkajs, by API (Produce,
// Fetch, Heartbeat, OffsetCommit, ...), and rewrites <dir>/<app>-<pid>.kafka.json every 250 ms.
const Connection = require('kafkajs/src/network/connection');
const { byCount, writeCountsEvery } = require('./write-counts');

const counts = new Map();
let total = 0;
const original = Connection.prototype.send;
Connection.prototype.send = function send(args, ...rest) {
  const api = args?.request?.apiName ?? '?';
  counts.set(api, (counts.get(api) ?? 0) + 1);
  total++;
  return original.call(this, args, ...rest);
};
writeCountsEvery(process.env.SHOPSYNC_KAFKA_REQUESTS_DIR, 'kafka', 250, () => ({
  total,
  requests: byCount(counts),
}));
