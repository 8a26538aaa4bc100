import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { connect, createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim/simulator';
import { KAFKA_PORT } from './support/env';
import { eventually } from './support/eventually';
import { waitForJobEnd, Job } from './support/jobs';
import { createTestDatabase } from './support/pg';
import { freePort, Stack } from './support/stack';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

// A tiny OpenTelemetry collector: accepts OTLP/HTTP JSON on /v1/traces and keeps the spans.
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{
            spans: Array<{
              traceId: string;
              spanId: string;
              parentSpanId?: string;
              name: string;
              kind: number;
              attributes: Array<{ key: string; value: Record<string, unknown> }>;
            }>;
          }>;
        }>;
      };
      for (const rs of body.resourceSpans) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              kind: s.kind,
              attributes: Object.fromEntries(
                s.attributes.map((a) => [a.key, Object.values(a.value)[0]]),
              ),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, spans, server };
}

// Lines of the stack's app logs at pino level error (50) or fatal (60).
function errorLines(stack: Stack): string[] {
  return readdirSync(stack.logDir).flatMap((file) =>
    readFileSync(join(stack.logDir, file), 'utf8')
      .split('\n')
      .filter((line) => /"level":(5|6)\d\b/.test(line))
      .map((line) => `${file}: ${line.slice(0, 300)}`),
  );
}

describe('observability: one trace from HTTP to Shopify; clean boots', () => {
  const DOMAIN = 'traced.myshopify.com';
  const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
  let sim: ShopifySimulator;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let bootErrors: string[];

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false });
    sim.createShop({ domain: DOMAIN, accessToken: TOKEN, seed: { orders: 2, seed: 20 } });
    collector = await startCollector();
    db = await createTestDatabase('observability');
    // A fresh topic prefix: the apps create their topics, elect leaders and form their groups.
    stack = new Stack({
      name: 'observability',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    await stack.start();
    bootErrors = errorLines(stack);
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
    await sim?.close();
    await db?.drop();
  });

  it('boots without error-level log lines', () => {
    expect(bootErrors).toEqual([]);
  });

  it("puts one job's whole path in the caller's trace: HTTP, job requested, worker run, Shopify", async () => {
    const created = await stack.api('POST', '/v1/shops', {
      code: 'traced',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 1,
    });
    expect(created.status).toBe(201);
    const callerTrace = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await stack.api<Job & { traceId: string }>(
      'POST',
      '/v1/shops/traced/syncs',
      { task: 'orders', force: true },
      { traceparent: `00-${callerTrace}-${callerSpan}-01`, 'x-request-id': 'req-observability-1' },
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe('req-observability-1');
    // The job's trace id is the request's, which continues the caller's.
    expect(res.body.traceId).toBe(callerTrace);
    const job = await waitForJobEnd(stack, res.body.id, 120_000);
    expect(job.status).toBe('succeeded');

    const inTrace = () => collector.spans.filter((s) => s.traceId === callerTrace);
    const one = (pick: (s: ExportedSpan) => boolean, what: string): ExportedSpan => {
      const found = inTrace().find(pick);
      if (!found)
        throw new Error(
          `no ${what} span yet: ${inTrace()
            .map((s) => s.name)
            .join(', ')}`,
        );
      return found;
    };
    const { server, requested, consumed, run, shopify } = await eventually(
      async () => {
        const server = one(
          (s) => s.service === 'shopsync-gateway' && s.kind === 2 && s.parentSpanId === callerSpan,
          'gateway HTTP server',
        );
        const requested = one((s) => s.name === 'job requested', 'job requested');
        const consumed = one(
          (s) => s.service === 'shopsync-sync-worker' && /^process .*sync\.requested/.test(s.name),
          'worker consumer',
        );
        const run = one((s) => s.name === 'job run orders', 'job run');
        const shopify = one((s) => s.name.startsWith('shopify.graphql '), 'Shopify call');
        return { server, requested, consumed, run, shopify };
      },
      30_000,
      250,
    );
    expect(server.attributes['http.request.header.x-request-id']).toEqual({
      values: [{ stringValue: 'req-observability-1' }],
    });
    expect(requested.attributes['shopsync.job.id']).toBe(job.id);
    expect(inTrace().some((s) => s.spanId === requested.parentSpanId)).toBe(true);
    expect(consumed.parentSpanId).toBe(requested.spanId);
    expect(run.parentSpanId).toBe(consumed.spanId);
    expect(run.attributes['shopsync.job.id']).toBe(job.id);
    expect(shopify.service).toBe('shopsync-sync-worker');
    expect(shopify.attributes['server.address']).toBe(DOMAIN);
    // Every span of the job (database queries among them) hangs in this one trace.
    const ids = new Set(inTrace().map((s) => s.spanId));
    const underRun = (s: ExportedSpan): boolean => {
      for (let p: ExportedSpan | undefined = s; p;) {
        if (p.spanId === run.spanId) return true;
        p = inTrace().find((q) => q.spanId === p!.parentSpanId);
      }
      return false;
    };
    expect(underRun(shopify)).toBe(true);
    expect(
      inTrace().some((s) => s.attributes['db.system.name'] === 'postgresql' && underRun(s)),
    ).toBe(true);
    expect(ids.size).toBeGreaterThan(5);
  });
});

describe('observability: the gateway while Kafka is unreachable', () => {
  let stack: Stack;
  let proxy: TcpServer | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'shopsync-nokafka-'));
    stack = new Stack({
      name: 'no-kafka',
      sqlitePath: join(dir, 'shopsync.sqlite'),
      kafkaBrokers: `127.0.0.1:${port}`,
      env: { SHOPSYNC_HOME: dir },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  });

  it('listens, live with readiness down naming Kafka, and gets ready once Kafka comes', async () => {
    const gateway = await stack.startApp('gateway');
    const live = await eventually(
      async () => {
        if (gateway.process.exitCode !== null) throw new Error('the gateway exited');
        const res = await fetch(`${gateway.url}/health/live`);
        expect(res.status).toBe(200);
        return res;
      },
      60_000,
      250,
    );
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('down');
    expect(body.checks.database).toBe('up');
    const kafkaChecks = Object.entries(body.checks).filter(([name]) => name.startsWith('kafka'));
    expect(kafkaChecks.length).toBeGreaterThan(0);
    expect(kafkaChecks.every(([, state]) => state === 'down')).toBe(true);

    // Kafka "comes": the gateway's broker address starts to answer (forwarded to the real one,
    // which then advertises itself).
    proxy = createTcpServer((socket) => {
      const upstream = connect(KAFKA_PORT, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    await stack.waitReady(gateway, 120_000);
  });
});
