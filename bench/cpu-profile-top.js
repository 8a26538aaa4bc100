// The top functions of a V8 .cpuprofile (from `node --cpu-prof`, e.g. a bench run with
// SHOPSYNC_PROFILE_DIR=dir): self time and total time (self + callees), in ms and % of the
// non-idle samples. Usage: node bench/cpu-profile-top.js <file.cpuprofile> [--top 30]
// [--skip-seconds S] (samples of the first S seconds, i.e. boot, are left out).
const { readFileSync } = require('node:fs');

function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!file) {
    process.stderr.write('usage: node bench/cpu-profile-top.js <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const top = opt('top', 30);
  const grepAt = args.indexOf('--grep');
  const grep = grepAt >= 0 ? new RegExp(args[grepAt + 1]) : null;
  const skipUs = opt('skip-seconds', 0) * 1e6;
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample time: the interval to the next sample, so self time sums to the profile's length.
  const self = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t - profile.startTime < skipUs) continue;
    const next = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + next);
  }
  const label = (n) => {
    const f = n.callFrame;
    const where = f.url ? f.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/') : '';
    const short = where.replace(/.*\/dist\//, 'dist/');
    return `${f.functionName || '(anonymous)'} ${short}${short ? `:${f.lineNumber + 1}` : ''}`;
  };
  const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
  let busy = 0;
  let gc = 0;
  const selfBy = new Map();
  const totalBy = new Map();
  const packageBy = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const name = n.callFrame.functionName;
    if (name === '(garbage collector)') gc += us;
    if (idle.has(name) && name !== '(garbage collector)') continue;
    busy += us;
    const key = label(n);
    selfBy.set(key, (selfBy.get(key) ?? 0) + us);
    const pkg = (n.callFrame.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/) ?? [])[1];
    const group =
      pkg ?? (n.callFrame.url.includes('/dist/') ? 'shopsync' : n.callFrame.url ? 'node' : name);
    packageBy.set(group, (packageBy.get(group) ?? 0) + us);
    // Total: every distinct frame on the stack gets the sample once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  const print = (title, map) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      process.stdout.write(`${ms(us)} ms ${pct(us)}  ${k}\n`);
    process.stdout.on('error', () => undefined);
  };
  process.stdout.write(
    `${file}: ${ms(busy)} ms busy (GC ${ms(gc).trim()} ms), ${profile.samples.length} samples\n`,
  );
  print('self time by package', packageBy);
  print('self time', selfBy);
  const skipTotal = new Set(['(root)']);
  print(
    'total time',
    new Map([...totalBy].filter(([k]) => !skipTotal.has(k.trim()) && (!grep || grep.test(k)))),
  );
}

main();
