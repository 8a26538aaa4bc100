import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../../libs/shared/src/cli/package-info';

// The repository root, from the sources under ts-jest and from dist/ when benchmarks run compiled.
export const ROOT = packageInfo(__dirname).root;
export const KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 9092);
export const KAFKA_BROKERS = `127.0.0.1:${KAFKA_PORT}`;
export const PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function kafkaScript(args: string[], env: Record<string, string> = {}): string {
  return execFileSync('bash', [join(ROOT, 'scripts', 'kafka.sh'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}

// Starts the local cluster when it is installed but stopped (CI starts from nothing).
export function ensurePostgresRunning(): void {
  if (!existsSync('/etc/postgresql')) return;
  for (const version of readdirSync('/etc/postgresql')) {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
      });
    } catch {
      // already running, or not ours to start: the connection attempt tells.
    }
  }
}
