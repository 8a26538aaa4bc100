import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { eventually } from './support/eventually';
import { createTestDatabase, query } from './support/pg';
import { RunningApp, Stack } from './support/stack';

const MANAGED = /^sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

interface KeyView {
  id: string;
  name: string;
  scopes: string[];
  shops: string[] | null;
  status: string;
  lastUsedAt: string | null;
  key?: string;
}

// Issue 20 item 4: keys created, used, listed, expired and revoked through the API and the key
// CLI against one running gateway (on PostgreSQL), never restarted.
describe('managed API keys, without restarts', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let gateway: RunningApp;
  const home = mkdtempSync(join(tmpdir(), 'shopsync-keys-'));
  // Every key made here: none may show up in an answer after its creation, nor in a log.
  const made: string[] = [];

  const as = (key: string, method: string, path: string, body?: unknown) =>
    stack.api<Record<string, unknown>>(method, path, body, { authorization: `Bearer ${key}` });

  async function create(body: Record<string, unknown>): Promise<KeyView & { key: string }> {
    const res = await stack.api<KeyView & { key: string }>('POST', '/v1/api-keys', body);
    expect(res.status).toBe(201);
    made.push(res.body.key);
    return res.body;
  }

  const cliEnv = () => ({ DATABASE_URL: db.url, SHOPSYNC_HOME: home, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase('api_keys');
    stack = new Stack({ name: 'api-keys', databaseUrl: db.url, env: { SHOPSYNC_HOME: home } });
    gateway = await stack.startApp('gateway');
    await stack.waitReady(gateway);
    expect(
      (await stack.api('POST', '/v1/shops', { code: 'eu-store', domain: 'eu-store.myshopify.com' }))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('creates a key with an admin key, which works at once, is listed without its secret, and stops on revocation', async () => {
    const created = await create({ name: 'erp-connector', scopes: ['read', 'write'] });
    expect(created).toMatchObject({
      name: 'erp-connector',
      scopes: ['read', 'write'],
      shops: null,
      status: 'active',
    });
    expect(created.key).toMatch(MANAGED);
    expect(created.key).toContain(`sk_${created.id}_`);
    expect(JSON.stringify(created)).not.toMatch(/hash/i);

    expect((await as(created.key, 'GET', '/v1/shops')).status).toBe(200);
    expect(
      (await as(created.key, 'POST', '/v1/shops/eu-store/syncs', { task: 'inventory' })).status,
    ).toBe(202);

    const listed = await stack.api<{ items: KeyView[]; total: number }>('GET', '/v1/api-keys');
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((k) => k.id === created.id);
    expect(mine).toMatchObject({ name: 'erp-connector', status: 'active' });
    expect(mine).not.toHaveProperty('key');
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    // The first use is recorded (off the request path).
    await eventually(async () => {
      const one = await stack.api<KeyView>('GET', `/v1/api-keys/${created.id}`);
      expect(one.body.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(one.body)).not.toContain(created.key);
    });

    expect((await stack.api('DELETE', `/v1/api-keys/${created.id}`)).status).toBe(204);
    const refused = await as(created.key, 'GET', '/v1/shops');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('the API key has been revoked');
    const again = await stack.api<KeyView>('POST', `/v1/api-keys/${created.id}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('revoked');
    expect((await stack.api('GET', '/v1/api-keys/0123456789abcdef')).status).toBe(404);
  });

  it('holds a key to its scopes and shops', async () => {
    const limited = await create({ name: 'eu-only', scopes: ['write'], shops: ['eu-store'] });
    expect((await as(limited.key, 'GET', '/v1/shops/eu-store')).status).toBe(200);
    expect(
      (await as(limited.key, 'POST', '/v1/shops', { code: 'other', domain: 'other.myshopify.com' }))
        .status,
    ).toBe(403);
    const bad = await stack.api<{ errors: Array<{ field: string }> }>('POST', '/v1/api-keys', {
      name: 'x',
      scopes: ['root'],
      shops: ['Not A Code'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['scopes', 'shops']);
  });

  it('refuses an expired key; refuses to make one already expired', async () => {
    const past = await stack.api<{ errors: Array<{ field: string }> }>('POST', '/v1/api-keys', {
      name: 'late',
      scopes: ['read'],
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(past.body.errors.map((e) => e.field)).toEqual(['expiresAt']);

    const soon = await create({
      name: 'temporary',
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await as(soon.key, 'GET', '/v1/shops')).status).toBe(200);
    // Its expiry passes (moved, rather than waited for).
    await query(
      db.url,
      `UPDATE api_keys SET "expiresAt" = now() - interval '1 second' WHERE id = $1`,
      [soon.id],
    );
    await eventually(async () => {
      const res = await as(soon.key, 'GET', '/v1/shops');
      expect([res.status, res.body.message]).toEqual([401, 'the API key has expired']);
    });
    expect((await stack.api<KeyView>('GET', `/v1/api-keys/${soon.id}`)).body.status).toBe(
      'expired',
    );
  });

  it('lets only an admin key not limited to shops manage keys (403)', async () => {
    const writer = await create({ name: 'writer', scopes: ['write'] });
    const shopAdmin = await create({ name: 'shop-admin', scopes: ['admin'], shops: ['eu-store'] });
    const id = (await stack.api<{ items: KeyView[] }>('GET', '/v1/api-keys')).body.items[0].id;
    for (const key of [writer.key, shopAdmin.key]) {
      const attempts = [
        await as(key, 'POST', '/v1/api-keys', { name: 'mine', scopes: ['admin'] }),
        await as(key, 'GET', '/v1/api-keys'),
        await as(key, 'GET', `/v1/api-keys/${id}`),
        await as(key, 'POST', `/v1/api-keys/${id}/revoke`),
        await as(key, 'DELETE', `/v1/api-keys/${id}`),
      ];
      expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    }
    expect((await stack.api<KeyView>('GET', `/v1/api-keys/${id}`)).body.status).not.toBe('revoked');
  });

  it('takes keys made and revoked by the CLI on the same database, without a restart', async () => {
    const made_ = await runCli(
      'api-key',
      ['create', '--name', 'from-cli', '--scopes', 'read'],
      cliEnv(),
    );
    expect(made_.code).toBe(0);
    const key = made_.stdout.trim();
    made.push(key);
    expect(key).toMatch(MANAGED);
    expect(made_.stderr).toContain("'from-cli' (read; every shop; no expiry)");
    expect((await as(key, 'GET', '/v1/shops')).status).toBe(200);

    const id = key.split('_')[1];
    const revoked = await runCli('api-key', ['revoke', id], cliEnv());
    expect([revoked.code, revoked.stdout]).toEqual([
      0,
      expect.stringContaining(`revoked API key ${id}`),
    ]);
    // Another process revoked it: this gateway sees it within API_KEY_CACHE_MS.
    await eventually(async () => expect((await as(key, 'GET', '/v1/shops')).status).toBe(401));
  });

  it('never writes a key into the gateway log', () => {
    const log = readFileSync(join(stack.logDir, 'gateway-0.log'), 'utf8');
    expect(made.length).toBeGreaterThanOrEqual(6);
    expect(log).toContain('API key secret');
    for (const key of made) expect(log).not.toContain(key);
    for (const key of made) expect(log).not.toContain(key.split('_').slice(2).join('_'));
  });
});

// The image and compose start without any key: the gateway makes the first admin key into a
// file (mode 0600), logs where, never the key, and makes no other on the next start.
describe('the first admin key', () => {
  const home = mkdtempSync(join(tmpdir(), 'shopsync-first-key-'));
  const file = join(home, 'first-admin-api-key');
  let stack: Stack;

  beforeAll(() => {
    stack = new Stack({
      name: 'first-key',
      sqlitePath: join(home, 'shopsync.sqlite'),
      env: { API_KEYS: '', SHOPSYNC_HOME: home, FIRST_ADMIN_KEY_FILE: file },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is made once, readable by the owner only, and works as an admin key', async () => {
    let gateway = await stack.startApp('gateway');
    await stack.waitReady(gateway);
    const key = readFileSync(file, 'utf8').trim();
    expect(key).toMatch(MANAGED);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const log = readFileSync(join(stack.logDir, 'gateway-0.log'), 'utf8');
    const line = log.split('\n').find((l) => l.includes('created the first admin API key'));
    expect(line).toContain(file);
    expect(log).not.toContain(key);

    const admin = { authorization: `Bearer ${key}` };
    const listed = await stack.api<{ items: KeyView[] }>('GET', '/v1/api-keys', undefined, admin);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ name: 'first-admin', scopes: ['admin'], status: 'active' }),
    ]);
    const more = await stack.api<{ key: string }>(
      'POST',
      '/v1/api-keys',
      { name: 'ops', scopes: ['read'] },
      admin,
    );
    expect(more.status).toBe(201);

    await stack.stopApp(gateway);
    gateway = await stack.startApp('gateway');
    await stack.waitReady(gateway);
    stack.gatewayUrl = gateway.url;
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    const after = await stack.api<{ total: number }>('GET', '/v1/api-keys', undefined, admin);
    expect(after.body.total).toBe(2);
  });
});
