import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

// A fresh Node process each time: Node reports a negative timeout once per process.
function stderrOf(quiet: boolean, ownNegativeTimeout = false): string {
  const script = [
    quiet
      ? `require(${JSON.stringify(join(__dirname, 'kafkajs-warnings.ts'))}).quietKafkajsNegativeTimeouts();`
      : '',
    ownNegativeTimeout ? 'setTimeout(() => {}, -5);' : '',
    "const RequestQueue = require('kafkajs/src/network/requestQueue');",
    'const queue = new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, clientId: "t", broker: "b", logger: { debug() {} } });',
    'queue.scheduleCheckPendingRequests();',
    'clearTimeout(queue.throttleCheckTimeoutId);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stderr;
}

describe('quietKafkajsNegativeTimeouts', () => {
  it("kafkajs's request queue makes Node warn of a negative timeout", () => {
    expect(stderrOf(false)).toContain('TimeoutNegativeWarning');
  });

  it('drops that warning', () => {
    expect(stderrOf(true)).not.toContain('Warning');
  });

  it('still reports a negative timeout set elsewhere', () => {
    expect(stderrOf(true, true)).toContain('TimeoutNegativeWarning: -5 is a negative number');
  });
});
