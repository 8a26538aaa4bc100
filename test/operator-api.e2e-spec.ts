import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');
const sha = (k: string) => createHash('sha256').update(k).digest('hex');
const key = () => `sk_${randomBytes(18).toString('hex')}`;

describe('operator API: keys, scopes, rate limit, metrics', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const reader = key();
  const limited = key();
  const writer = key();
  const watcher = key();

  beforeAll(async () => {
    db = await createTestDatabase('operator');
    const probe = new Stack({ name: 'operator-probe' });
    stack = new Stack({
      name: 'operator',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      topicPrefix: probe.topicPrefix,
    });
    const keys = [
      { name: 'admin', sha256: sha(stack.apiKey), scopes: ['admin'] },
      { name: 'reader', sha256: sha(reader), scopes: ['read'] },
      { name: 'limited', sha256: sha(limited), scopes: ['write'], shops: ['alpha'] },
      { name: 'writer', sha256: sha(writer), scopes: ['write'] },
      { name: 'watcher', sha256: sha(watcher), scopes: ['read'] },
    ];
    stack.opts.env = {
      API_KEYS: JSON.stringify(keys),
      API_RATE_LIMIT_PER_MINUTE: '40',
      SSE_MAX_STREAMS_PER_KEY: '3',
    };
    await stack.start();
    for (const code of ['alpha', 'beta'])
      expect(
        (await stack.api('POST', '/v1/shops', { code, domain: `${code}.myshopify.com` })).status,
      ).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const as = (k: string | null) =>
    k === null ? { authorization: '' } : { authorization: `Bearer ${k}` };

  it('answers 401 without a key or with a bad one, and leaves open routes open', async () => {
    const none = await stack.api<{ code: string; message: string }>(
      'GET',
      '/v1/shops',
      undefined,
      as(null),
    );
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.message).toMatch(/API key is required/);
    expect((await stack.api('GET', '/v1/shops', undefined, as('sk_wrong'))).status).toBe(401);
    expect((await stack.api('GET', '/health/ready', undefined, as(null))).status).toBe(200);
    expect((await stack.api('GET', '/metrics', undefined, as(null))).status).toBe(200);
  });

  it('answers 403 out of scope or out of the key’s shops', async () => {
    expect((await stack.api('GET', '/v1/shops', undefined, as(reader))).status).toBe(200);
    const denied = await stack.api<{ message: string }>(
      'POST',
      '/v1/shops/alpha/syncs',
      { task: 'orders' },
      as(reader),
    );
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/lacks the 'write' scope/);
    expect(
      (
        await stack.api(
          'POST',
          '/v1/shops',
          { code: 'gamma', domain: 'g.myshopify.com' },
          as(writer),
        )
      ).status,
    ).toBe(403);
    const mine = await stack.api<{ id: string }>(
      'POST',
      '/v1/shops/alpha/syncs',
      { task: 'orders', params: { seq: 1 } },
      as(limited),
    );
    expect(mine.status).toBe(202);
    expect(
      (await stack.api('POST', '/v1/shops/beta/syncs', { task: 'orders' }, as(limited))).status,
    ).toBe(403);
    expect(
      (await stack.api('GET', `/v1/jobs/${mine.body.id}`, undefined, as(limited))).status,
    ).toBe(200);
    const other = await stack.api<{ id: string }>('POST', '/v1/shops/beta/syncs', {
      task: 'orders',
      params: { seq: 2 },
    });
    expect(
      (await stack.api('GET', `/v1/jobs/${other.body.id}`, undefined, as(limited))).status,
    ).toBe(403);
    // Without ?shop= the list answers only the key's shops.
    const listed = await stack.api<{ items: Array<{ id: string }> }>(
      'GET',
      '/v1/jobs',
      undefined,
      as(limited),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((j) => j.id)).toContain(mine.body.id);
    expect(listed.body.items.map((j) => j.id)).not.toContain(other.body.id);
    expect((await stack.api('GET', '/v1/jobs?shop=beta', undefined, as(limited))).status).toBe(403);
    expect((await stack.api('GET', '/v1/jobs?shop=alpha', undefined, as(limited))).status).toBe(
      200,
    );
  });

  it('exposes Prometheus metrics on every app', async () => {
    expect((await fetch(`${stack.gatewayUrl}/v1/no-such-route`)).status).toBe(404);
    const text = await eventually(async () => {
      const res = await fetch(`${stack.gatewayUrl}/metrics`);
      const body = await res.text();
      expect(body).toMatch(/shopsync_jobs\{[^}]*task="orders"/);
      return body;
    });
    expect(text).toContain('shopsync_outbox_backlog');
    // The standard Node.js names, and request durations by route pattern, never the raw path.
    expect(text).toMatch(/^process_cpu_user_seconds_total\{/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{/m);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET",route="\/v1\/shops",status_code="200"/,
    );
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"/);
    expect(text).not.toMatch(/route="\/v1\/shops\/alpha/);
    const worker = stack.running('sync-worker')[0];
    await eventually(async () => {
      const body = await (await fetch(`${worker.url}/metrics`)).text();
      expect(body).toMatch(/shopsync_job_duration_seconds_bucket\{[^}]*task="orders"/);
      expect(body).toContain('shopsync_consumer_lag');
    });
    const scheduler = stack.running('scheduler')[0];
    expect((await fetch(`${scheduler.url}/metrics`)).status).toBe(200);
  });

  it("streams a job's lifecycle events as they happen, read from Kafka", async () => {
    // With no stream open the gateway lets lifecycle events go unparsed; opening one must
    // bring the next job's events, from queued to succeeded.
    const abort = new AbortController();
    const res = await fetch(`${stack.gatewayUrl}/v1/events`, {
      headers: as(stack.apiKey),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    try {
      const job = await stack.api<{ id: string }>('POST', '/v1/shops/beta/syncs', {
        task: 'customers',
      });
      expect(job.status).toBe(202);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 60_000;
      const finished = new RegExp(`"jobId":"${job.body.id}"[^\\n]*"status":"succeeded"`);
      while (!finished.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).toMatch(finished);
      expect(text).toMatch(new RegExp(`"jobId":"${job.body.id}"[^\\n]*"status":"running"`));
    } finally {
      abort.abort();
    }
  });

  it('caps the open event streams per key with 429, and frees a slot on disconnect', async () => {
    // Every response is held until the end: fetch closes the connection of a response body
    // that is garbage-collected unread, which would free its slot behind the test's back.
    const streams: { res: Response; abort: AbortController }[] = [];
    const open = async (k: string) => {
      const abort = new AbortController();
      const res = await fetch(`${stack.gatewayUrl}/v1/events`, {
        headers: as(k),
        signal: abort.signal,
      });
      streams.push({ res, abort });
      return { res, abort };
    };
    try {
      const first = await open(watcher);
      for (const opened of [first, await open(watcher), await open(watcher)]) {
        expect(opened.res.status).toBe(200);
        expect(opened.res.headers.get('content-type')).toMatch(/text\/event-stream/);
      }
      const refused = await open(watcher);
      expect(refused.res.status).toBe(429);
      expect(await refused.res.json()).toMatchObject({
        code: 'TOO_MANY_STREAMS',
        message: expect.stringContaining('SSE_MAX_STREAMS_PER_KEY is 3'),
      });
      // Per key: another key still gets a stream.
      expect((await open(stack.apiKey)).res.status).toBe(200);
      first.abort.abort();
      const again = await eventually(async () => {
        const opened = await open(watcher);
        expect(opened.res.status).toBe(200);
        return opened;
      });
      expect(again.res.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect((await open(watcher)).res.status).toBe(429);
    } finally {
      for (const s of streams) s.abort.abort();
    }
  });

  it('limits the rate per key with 429 and Retry-After', async () => {
    let limitedRes: Response | undefined;
    for (let i = 0; i < 60 && !limitedRes; i++) {
      const res = await fetch(`${stack.gatewayUrl}/v1/shops`, { headers: as(reader) });
      if (res.status === 429) limitedRes = res;
    }
    expect(limitedRes?.status).toBe(429);
    expect(Number(limitedRes?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key is not affected.
    expect((await stack.api('GET', '/v1/shops', undefined, as(writer))).status).toBe(200);
  });
});
