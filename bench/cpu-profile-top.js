#!/usr/bin/env node
// node bench/cpu-profile-top.js <file.cpuprofile> [count] — where a V8 CPU profile (node
// --cpu-prof; the bench stacks write one per app with SHOPSYNC_PROFILE_DIR) spent its time: the
// functions with the most self time, and self time summed by package (node_modules/<name>), by
// our own source file, and for node's internals.
'use strict';
const { readFileSync } = require('node:fs');

const [file, countArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/cpu-profile-top.js <file.cpuprofile> [count]\n');
  process.exit(2);
}
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: the sampling interval after each sample belongs to the node it hit.
const self = new Map();
const { samples, timeDeltas } = profile;
for (let i = 0; i < samples.length; i++) {
  const next = timeDeltas[i + 1] ?? 0;
  self.set(samples[i], (self.get(samples[i]) ?? 0) + next);
}
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

function area(url) {
  if (!url) return '(native / idle / gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/(.*)$/.exec(url);
  return own ? own[1] : url;
}

const byFunction = new Map();
const byArea = new Map();
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${area(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const a = area(url);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const top = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, us]) => `${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
process.stdout.write(
  `${file}: ${(totalUs / 1e6).toFixed(1)} s sampled\n\nself time by area\n${top(byArea)}\n\nself time by function\n${top(byFunction)}\n`,
);
