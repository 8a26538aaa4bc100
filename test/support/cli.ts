import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './env';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BINARIES = {
  gateway: 'dist/apps/gateway/src/main.js',
  scheduler: 'dist/apps/scheduler/src/main.js',
  'sync-worker': 'dist/apps/sync-worker/src/main.js',
  'shopify-sim': 'dist/test/shopify-sim/main.js',
  'api-key': 'dist/apps/gateway/src/api-keys/api-key.cli.js',
  migrate: 'dist/libs/shared/src/database/migrate-cli.js',
} as const;

// Runs one of the built binaries to its end (killed after `timeoutMs`, which shows as a null
// code), with only the environment given (plus PATH and HOME).
export function runCli(
  binary: keyof typeof BINARIES,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, BINARIES[binary]), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
