import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { RunningApp, Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Job {
  id: string;
  status: string;
  parentJobId: string | null;
}
interface Endpoint {
  id: string;
  shop: string;
  url: string;
  events: string[];
  secret?: string;
}
interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  body: { id: string; type: string; shop: { code: string }; data: Record<string, unknown> };
  history: Array<{
    attempt: number;
    at: string;
    statusCode: number | null;
    durationMs: number;
    error: string | null;
    nextAttemptAt: string | null;
  }>;
}
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
interface Bulk {
  action: string;
  matched: number;
  affected: number;
  limit: number;
  truncated: boolean;
  jobIds: string[];
  retries?: Array<{ failedJobId: string; jobId: string }>;
  auditId: number;
}

// The receiver's check, as README's "Notifications" shows it.
function verifyShopsync(
  secret: string,
  rawBody: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(timestampHeader);
  if (!Number.isInteger(ts) || Math.abs(Date.now() / 1000 - ts) > toleranceSeconds) return false;
  const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signatureHeader ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

// A local receiver: records every request, answers as `answer` says (or never).
async function receiver(
  answer: (n: number) => number | 'hang',
): Promise<{ url: string; received: Received[]; hanging: ServerResponse[]; server: Server }> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = answer(received.length);
      if (status === 'hang') hanging.push(res);
      else res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/shopsync?token=t0ps3cret`,
    received,
    hanging,
    server,
  };
}

describe('notifications and bulk operations (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let strictGateway: RunningApp;
  const servers: Server[] = [];
  let n = 0;

  const shop = async () => {
    const code = `n${++n}`;
    // Its failing orders jobs must not hold later ones back: orders run lenient here (strict,
    // the default, is the strict-ordering spec's).
    const res = await stack.api('POST', '/v1/shops', {
      code,
      domain: `${code}.myshopify.com`,
      settings: { ordering: { orders: 'lenient' } },
    });
    expect(res.status).toBe(201);
    return code;
  };
  const sync = async (code: string, params: Record<string, unknown>, task = 'orders') => {
    const res = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
      task,
      params,
      maxAttempts: 1,
      force: true,
    });
    expect(res.status).toBe(202);
    return res.body;
  };
  const fail = (code: string, seq = 0) => sync(code, { failTimes: 1, failKind: 'permanent', seq });
  const status = async (id: string) => (await stack.api<Job>('GET', `/v1/jobs/${id}`)).body.status;
  const until = (id: string, wanted: string, timeoutMs = 30_000) =>
    eventually(async () => expect(await status(id)).toBe(wanted), timeoutMs, 100);
  const deliveries = async (code: string, id: string) =>
    (
      await stack.api<{ items: Delivery[] }>(
        'GET',
        `/v1/shops/${code}/notifications/${id}/deliveries`,
      )
    ).body.items;
  const register = async (code: string, body: Record<string, unknown>) => {
    const res = await stack.api<Endpoint>('POST', `/v1/shops/${code}/notifications`, body);
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    db = await createTestDatabase('notify');
    stack = await new Stack({
      name: 'notifications',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      env: {
        // The receivers are local plain-HTTP servers: the configured allowance.
        NOTIFICATION_ALLOW_HTTP: 'true',
        NOTIFICATION_ALLOW_PRIVATE_ADDRESSES: 'true',
        NOTIFICATION_POLL_MS: '100',
        NOTIFICATION_TIMEOUT_MS: '1500',
        NOTIFICATION_BACKOFF_BASE_MS: '300',
        NOTIFICATION_BACKOFF_CAP_MS: '1000',
        NOTIFICATION_MAX_ATTEMPTS: '5',
        SCHEDULER_TICK_MS: '100',
      },
    }).start();
    // A second gateway on the same database with the default (strict) rule.
    strictGateway = await stack.startApp('gateway', {
      NOTIFICATION_ALLOW_HTTP: 'false',
      NOTIFICATION_ALLOW_PRIVATE_ADDRESSES: 'false',
    });
    await stack.waitReady(strictGateway);
  });

  afterAll(async () => {
    await stack?.stop();
    for (const s of servers) s.closeAllConnections?.();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await db?.drop();
  });

  it('sends a signed job.failed that verifies, with a timestamp checked; successes are off by default', async () => {
    const rx = await receiver(() => 200);
    servers.push(rx.server);
    const code = await shop();
    const endpoint = await register(code, { url: rx.url, description: 'on-call' });
    expect(endpoint.events).toEqual(['job.failed', 'schedule.missed', 'conflict.flagged']);
    expect(endpoint.secret).toMatch(/^nsec_[A-Za-z0-9_-]{43}$/);
    const secret = endpoint.secret!;
    const listed = await stack.api<{ items: Endpoint[] }>('GET', `/v1/shops/${code}/notifications`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('secret');

    const ok = await sync(code, { seq: 1 });
    await until(ok.id, 'succeeded');
    const failed = await fail(code, 2);
    await until(failed.id, 'failed');

    const [got] = await eventually(() => {
      expect(rx.received).toHaveLength(1);
      return rx.received;
    });
    expect(got.headers['x-shopsync-event']).toBe('job.failed');
    expect(got.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got.body) as Delivery['body'];
    expect(body).toMatchObject({ type: 'job.failed', shop: { code } });
    expect(body.data).toMatchObject({ jobId: failed.id, task: 'orders', status: 'failed' });
    const ts = got.headers['x-shopsync-timestamp'] as string;
    const signature = got.headers['x-shopsync-signature'] as string;
    expect(verifyShopsync(secret, got.body, ts, signature)).toBe(true);
    // What a receiver must refuse: another body, another secret, a replay outside the window.
    expect(verifyShopsync(secret, `${got.body} `, ts, signature)).toBe(false);
    expect(verifyShopsync('nsec_other', got.body, ts, signature)).toBe(false);
    expect(verifyShopsync(secret, got.body, String(Number(ts) - 301), signature)).toBe(false);

    const recorded = await eventually(async () => {
      const items = await deliveries(code, endpoint.id);
      expect(items.map((d) => d.status)).toEqual(['delivered']);
      return items;
    });
    expect(recorded[0]).toMatchObject({
      eventType: 'job.failed',
      attempts: 1,
      lastStatusCode: 200,
    });
    expect(recorded[0].history).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, nextAttemptAt: null }),
    ]);
    expect(recorded[0].body.id).toBe(body.id);
    expect(got.headers['x-shopsync-delivery']).toBe(recorded[0].id);

    // The secret (and the receiver's token in the URL) appear in no log.
    for (const file of readdirSync(stack.logDir)) {
      const log = readFileSync(join(stack.logDir, file), 'utf8');
      expect(log).not.toContain(secret);
      expect(log).not.toContain('t0ps3cret');
    }
  });

  it('retries a failing receiver with a growing backoff, and a hanging one never holds up jobs', async () => {
    const flaky = await receiver((i) => (i <= 2 ? 500 : 200));
    const stuck = await receiver(() => 'hang');
    servers.push(flaky.server, stuck.server);
    const code = await shop();
    const flakyEndpoint = await register(code, { url: flaky.url, events: ['job.failed'] });
    const busy = await shop();
    const stuckEndpoint = await register(busy, { url: stuck.url, events: ['job.failed'] });

    const failed = await fail(code);
    await until(failed.id, 'failed');
    const [retried] = await eventually(async () => {
      const items = await deliveries(code, flakyEndpoint.id);
      expect(items.map((d) => d.status)).toEqual(['delivered']);
      return items;
    }, 30_000);
    expect(retried.history.map((h) => h.statusCode)).toEqual([500, 500, 200]);
    const [first, second, third] = retried.history;
    const gap = (h: Delivery['history'][number]) => Date.parse(h.nextAttemptAt!) - Date.parse(h.at);
    expect(first.error).toBe('the receiver answered HTTP 500');
    expect(gap(first)).toBeGreaterThanOrEqual(300);
    expect(gap(second)).toBeGreaterThanOrEqual(600);
    expect(Date.parse(second.at)).toBeGreaterThanOrEqual(Date.parse(first.nextAttemptAt!));
    expect(Date.parse(third.at)).toBeGreaterThanOrEqual(Date.parse(second.nextAttemptAt!));
    expect(third.nextAttemptAt).toBeNull();
    expect(flaky.received.every((r) => r.body === flaky.received[0].body)).toBe(true);

    // 20 failures for the hanging receiver, then 30 more jobs beside them: every job ends while
    // the receiver still holds its requests open and its deliveries wait for retries.
    const doomed = await Promise.all(Array.from({ length: 20 }, (_, i) => fail(busy, i)));
    await eventually(() => expect(stuck.hanging.length).toBeGreaterThan(0), 20_000);
    const others = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sync(i % 2 ? busy : code, { seq: 100 + i, sleepMs: 5 })),
    );
    for (const job of doomed) await until(job.id, 'failed');
    for (const job of others) await until(job.id, 'succeeded');
    const waiting = await deliveries(busy, stuckEndpoint.id);
    expect(waiting).toHaveLength(20);
    expect(waiting.filter((d) => d.status === 'delivered')).toEqual([]);
    expect(stuck.hanging.length).toBeGreaterThan(0);
    const timedOut = await eventually(async () => {
      const attempted = (await deliveries(busy, stuckEndpoint.id)).flatMap((d) => d.history);
      expect(attempted.length).toBeGreaterThan(0);
      return attempted;
    });
    expect(timedOut[0]).toMatchObject({ statusCode: null, error: 'no answer within 1500 ms' });
    expect(timedOut[0].durationMs).toBeGreaterThanOrEqual(1500);
  });

  it('refuses private, loopback and link-local callbacks at creation, naming the field', async () => {
    const code = await shop();
    const strict = (body: unknown) =>
      fetch(`${strictGateway.url}/v1/shops/${code}/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as {
          code: string;
          errors: Array<{ field: string; message: string }>;
        },
      }));
    const cases: Array<[string, string]> = [
      ['http://erp.example.com/hook', 'must be an https:// URL'],
      ['https://127.0.0.1/hook', 'must not point to a loopback address (127.0.0.1)'],
      ['https://2130706433/hook', 'must not point to a loopback address (127.0.0.1)'],
      ['https://[::1]/hook', 'must not point to a loopback address ([::1])'],
      ['https://localhost:8443/hook', 'must not point to a loopback address (localhost)'],
      ['https://10.0.0.7/hook', 'must not point to a private address (10.0.0.7)'],
      ['https://192.168.1.20/hook', 'must not point to a private address (192.168.1.20)'],
      [
        'https://169.254.169.254/latest',
        'must not point to a link-local address (169.254.169.254)',
      ],
    ];
    for (const [url, message] of cases) {
      const res = await strict({ url });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'url', message: expect.stringContaining(message) },
      ]);
    }
    const bad = await strict({ url: 'https://erp.example.com/h', events: ['job.exploded'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['events']);
    expect(
      (await stack.api<{ items: Endpoint[] }>('GET', `/v1/shops/${code}/notifications`)).body.items,
    ).toEqual([]);

    // At most ten per shop; a removed one frees its place.
    for (let i = 0; i < 10; i++) await register(code, { url: `http://127.0.0.1:9/h${i}` });
    const eleventh = await stack.api<{ code: string }>('POST', `/v1/shops/${code}/notifications`, {
      url: 'http://127.0.0.1:9/h10',
    });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.code).toBe('NOTIFICATION_LIMIT_REACHED');
    const { items } = (
      await stack.api<{ items: Endpoint[] }>('GET', `/v1/shops/${code}/notifications`)
    ).body;
    expect(
      (await stack.api('DELETE', `/v1/shops/${code}/notifications/${items[0].id}`)).status,
    ).toBe(204);
    expect((await stack.api('GET', `/v1/shops/${code}/notifications/${items[0].id}`)).status).toBe(
      404,
    );
    await register(code, { url: 'http://127.0.0.1:9/h10' });
  });

  it('retries, cancels and acknowledges in bulk, bounded and audited', async () => {
    const code = await shop();
    const failures = await Promise.all([0, 1, 2, 3, 4].map((i) => fail(code, i)));
    for (const job of failures) await until(job.id, 'failed');

    const bulk = (action: string, body: Record<string, unknown>) =>
      stack.api<Bulk>('POST', `/v1/jobs/${action}`, body);
    // The retries fail too, perhaps before the second call: it takes the failures until now.
    const cut = new Date(Date.now() + 1).toISOString();
    const first = await bulk('retry-failed', { shop: code, task: 'orders', limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ matched: 5, affected: 2, limit: 2, truncated: true });
    expect(first.body.jobIds).toEqual(failures.slice(0, 2).map((j) => j.id));
    for (const r of first.body.retries!) {
      const retry = (await stack.api<Job>('GET', `/v1/jobs/${r.jobId}`)).body;
      expect(retry.parentJobId).toBe(r.failedJobId);
    }
    const second = await bulk('retry-failed', { shop: code, until: cut, limit: 10 });
    expect(second.body).toMatchObject({ matched: 3, affected: 3, truncated: false });
    // Retried failures are no longer open: nothing is retried twice.
    const retries = [...first.body.retries!, ...second.body.retries!].map((r) => r.jobId);
    for (const id of retries) await until(id, 'failed');
    const since = new Date(Date.now() - 3600_000).toISOString();
    const acknowledged = await bulk('acknowledge-failed', { shop: code, since, limit: 3 });
    expect(acknowledged.body).toMatchObject({ matched: 5, affected: 3, truncated: true });
    expect((await bulk('acknowledge-failed', { shop: code })).body).toMatchObject({
      matched: 2,
      affected: 2,
    });
    expect((await bulk('retry-failed', { shop: code })).body).toMatchObject({
      matched: 0,
      affected: 0,
    });

    // A running job holds the key; the five behind it are queued (shown as waiting for it).
    const long = await sync(code, { sleepMs: 60_000, steps: 60 });
    await until(long.id, 'running');
    const queued = await Promise.all([0, 1, 2, 3, 4].map((i) => sync(code, { seq: i })));
    expect((await bulk('cancel-queued', { task: 'orders' })).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'shop', message: 'is required: a cancel acts on one shop' }],
    });
    const cancelled = await bulk('cancel-queued', { shop: code, task: 'orders', limit: 3 });
    expect(cancelled.body).toMatchObject({ matched: 5, affected: 3, truncated: true });
    const ids = queued.map((j) => j.id);
    expect(cancelled.body.jobIds.every((id) => ids.includes(id))).toBe(true);
    for (const id of ids)
      expect(await status(id)).toBe(cancelled.body.jobIds.includes(id) ? 'cancelled' : 'waiting');
    expect((await bulk('cancel-queued', { shop: code })).body).toMatchObject({
      matched: 2,
      affected: 2,
    });
    expect(await status(long.id)).toBe('running');
    await stack.api('POST', `/v1/jobs/${long.id}/cancel`);

    const audit = await stack.api<{
      items: Array<Record<string, unknown>>;
    }>('GET', '/v1/audit?limit=10');
    expect(audit.status).toBe(200);
    const keyId = createHash('sha256').update(stack.apiKey).digest('hex').slice(0, 12);
    const mine = audit.body.items.filter((a) => (a.filter as { shop?: string }).shop === code);
    expect(mine.map((a) => [a.action, a.matched, a.affected, a.truncated])).toEqual([
      ['jobs.cancel-queued', 2, 2, false],
      ['jobs.cancel-queued', 5, 3, true],
      ['jobs.retry-failed', 0, 0, false],
      ['jobs.acknowledge-failed', 2, 2, false],
      ['jobs.acknowledge-failed', 5, 3, true],
      ['jobs.retry-failed', 3, 3, false],
      ['jobs.retry-failed', 5, 2, true],
    ]);
    expect(mine[mine.length - 1]).toMatchObject({
      keyName: 'test-admin',
      keyId,
      filter: { shop: code, task: 'orders', limit: 2 },
    });
    expect(audit.body.items.find((a) => a.id === first.body.auditId)).toBeDefined();
  });
});
