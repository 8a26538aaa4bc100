import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../libs/shared/src/database/migrations';
import { BINARIES, runCli } from './support/cli';
import { ROOT } from './support/env';
import { createTestDatabase } from './support/pg';

const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
// Nothing listens there, and a connection attempt would hang rather than fail: a binary that
// tried would not exit.
const UNREACHABLE = {
  KAFKA_BROKERS: '10.255.255.1:9092',
  DATABASE_URL: 'postgres://postgres@10.255.255.1:5432/none',
};
const KEY_LIKE = /sk_[A-Za-z0-9_-]{20,}/;

// Issue 20 item 5: the binaries' own command lines.
describe('--help and --version of every binary', () => {
  it.each(Object.keys(BINARIES) as Array<keyof typeof BINARIES>)(
    '%s answers without starting anything',
    async (binary) => {
      const home = mkdtempSync(join(tmpdir(), 'shopsync-cli-'));
      const env = { ...UNREACHABLE, SHOPSYNC_HOME: home };
      const version = await runCli(binary, ['--version'], env, 20_000);
      expect([version.code, version.stderr]).toEqual([0, '']);
      expect(version.stdout).toMatch(new RegExp(`^[\\w-]+ ${VERSION.replace(/\./g, '\\.')}\\n$`));
      const help = await runCli(binary, ['--help'], env, 20_000);
      expect([help.code, help.stderr]).toEqual([0, '']);
      expect(help.stdout).toMatch(/usage:/);
      expect(help.stdout).toContain('--version');
      expect(help.stdout).not.toMatch(KEY_LIKE);
      // No database file, no generated secret: nothing ran.
      expect(readdirSync(home)).toEqual([]);
    },
  );

  it('says when the database cannot be reached (exit 1), without its password', async () => {
    const res = await runCli('migrate', ['status'], {
      DATABASE_URL: 'postgres://postgres:hunter22@127.0.0.1:1/none',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^shopsync-migrate: .*ECONNREFUSED/);
    expect(res.stderr + res.stdout).not.toContain('hunter22');
  });

  it('refuses an unknown argument instead of starting (exit 2)', async () => {
    const res = await runCli('gateway', ['--halp'], UNREACHABLE, 20_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown argument '--halp'");
  });
});

const names = MIGRATIONS.map((M) => new M().name);

describe.each(['SQLite', 'PostgreSQL'])('the CLIs on a fresh %s database', (kind) => {
  let env: Record<string, string>;
  let drop = async () => undefined as void;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'shopsync-cli-db-'));
    env = { SHOPSYNC_HOME: home, LOG_LEVEL: 'silent' };
    if (kind === 'PostgreSQL') {
      const db = await createTestDatabase('cli');
      env.DATABASE_URL = db.url;
      drop = db.drop;
    }
  });

  afterAll(() => drop());

  it('migration: status shows all pending, run applies them, status shows none pending', async () => {
    const before = await runCli('migrate', ['status'], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain(`0 applied, ${names.length} pending on ${kind}`);
    for (const name of names) expect(before.stdout).toContain(`pending  ${name}`);
    expect((await runCli('migrate', ['status', '--check'], env)).code).toBe(3);

    const run = await runCli('migrate', ['run'], env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain(`${names.length} applied now, 0 pending`);

    const after = await runCli('migrate', ['status', '--check'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`${names.length} applied, 0 pending`);
    expect(after.stdout).not.toContain('pending  ');
    const again = await runCli('migrate', ['run'], env);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('0 applied now')]);
  });

  it('migration: bad usage exits 2', async () => {
    const res = await runCli('migrate', ['sideways'], env);
    expect([res.code, res.stderr]).toEqual([
      2,
      expect.stringContaining("unknown command 'sideways'"),
    ]);
  });

  it('api-key: create, list, revoke', async () => {
    const created = await runCli(
      'api-key',
      [
        'create',
        '--name',
        'ops',
        '--scopes',
        'write,read',
        '--shops',
        'eu-store',
        '--expires',
        '90d',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(
      /created API key [0-9a-f]{16} 'ops' \(read,write; shops eu-store; expires 20\d\d-/,
    );
    expect(created.stderr).not.toContain(key);
    const id = key.split('_')[1];

    const listed = await runCli('api-key', ['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ops\\s+read,write\\s+eu-store\\s+active`));
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).toContain('1 of 1 keys');

    const revoked = await runCli('api-key', ['revoke', id], env);
    expect(revoked.code).toBe(0);
    const json = await runCli('api-key', ['list', '--json'], env);
    const page = JSON.parse(json.stdout) as {
      items: Array<{ id: string; status: string }>;
      total: number;
    };
    expect(page).toEqual({ items: [expect.objectContaining({ id, status: 'revoked' })], total: 1 });
    expect(json.stdout).not.toContain(key);
  });

  it('api-key: bad input exits 2 and creates nothing; an unknown id exits 3', async () => {
    const bad = await runCli('api-key', ['create', '--name', 'x', '--scopes', 'root'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--scopes: ');
    expect(bad.stdout).toBe('');
    const past = await runCli(
      'api-key',
      ['create', '--name', 'x', '--scopes', 'read', '--expires', '2020-01-01T00:00:00Z'],
      env,
    );
    expect([past.code, past.stderr]).toEqual([
      2,
      expect.stringContaining('expiresAt: must be in the future'),
    ]);
    expect((await runCli('api-key', ['create', '--scopes', 'read'], env)).code).toBe(2);
    const missing = await runCli('api-key', ['revoke', '0123456789abcdef'], env);
    expect([missing.code, missing.stderr]).toEqual([
      3,
      expect.stringContaining("'0123456789abcdef' does not exist"),
    ]);
    expect((await runCli('api-key', ['list', '--json'], env)).stdout).toContain('"total":1');
  });
});
