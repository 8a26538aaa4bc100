import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErpSalesOrderEntity, ShopsRepository } from '@shopsync/shared';
import { inProcessGateway } from '@test/support/gateway-in-process';
import {
  databaseDigest,
  DocOperation,
  operations,
  raw,
  settledDigest,
} from '@test/support/openapi-walk';
import { JobEventsService } from '../lifecycle/job-events.service';

const A = 'eu-store';
const B = 'other-shop';
const PUBLIC = /^\/(health\/|metrics$|v1\/webhooks\/)/;
// Routes that answer a limited key with only its shops' rows (checked below, not refused).
const FILTERED = new Set(['GET /v1/shops', 'GET /v1/events']);

const newKey = () => `sk_${randomBytes(16).toString('hex')}`;
const sha = (k: string) => createHash('sha256').update(k).digest('hex');

// Every `shop` field of a body example names shop A.
function aimedAtA(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(aimedAtA);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'shop' ? A : aimedAtA(v)]),
    );
  return value;
}

// Item 5 of issue 12: an admin key limited to shop B, walked over every operation of the OpenAPI
// document aimed at shop A (its code, its job, its schedule, bodies naming it): each is refused
// and nothing changes; the lists answer only B's rows.
describe('a key limited to one shop, on every route', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let sqlitePath: string;
  const admin = newKey();
  const limited = newKey();
  const ids = { jobA: '', jobB: '', scheduleA: '', scheduleB: '', orderA: '', orderB: '' };

  const call = (method: string, path: string, key: string, body?: unknown, streamMs?: number) =>
    raw(app, method, path, { key, body, streamMs });

  beforeAll(async () => {
    ({ app, doc, sqlitePath } = await inProcessGateway({
      API_KEYS: JSON.stringify([
        { name: 'admin', sha256: sha(admin), scopes: ['admin'] },
        { name: 'b-only', sha256: sha(limited), scopes: ['admin'], shops: [B] },
      ]),
    }));
    await app.listen(0, '127.0.0.1');
    for (const code of [A, B]) {
      const shop = await call('POST', '/v1/shops', admin, {
        code,
        domain: `${code}.myshopify.com`,
      });
      expect(shop.status).toBe(201);
      const job = await call('POST', `/v1/shops/${code}/syncs`, admin, { task: 'inventory' });
      expect(job.status).toBe(202);
      const schedule = await call('POST', `/v1/shops/${code}/schedules`, admin, {
        task: 'inventory',
        recurrence: { kind: 'cron', expression: '0 3 * * *', timeZone: 'UTC' },
      });
      expect(schedule.status).toBe(201);
      const at = code === A ? 'A' : 'B';
      ids[`job${at}`] = (JSON.parse(job.body) as { id: string }).id;
      ids[`schedule${at}`] = (JSON.parse(schedule.body) as { id: string }).id;
      ids[`order${at}`] = await conflictedSalesOrder(code);
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  // A sales document of the shop whose Shopify order changed after it was made (the worker
  // writes these; there is no route that does).
  async function conflictedSalesOrder(code: string): Promise<string> {
    const id = randomUUID();
    await app
      .get(DataSource)
      .getRepository(ErpSalesOrderEntity)
      .insert({
        id,
        shopId: (await app.get(ShopsRepository).getByCode(code)).id,
        shopifyOrderId: 'gid://shopify/Order/1',
        number: `${code}-1001`,
        documentType: 'order',
        orderName: '#1001',
        erpCustomerId: randomUUID(),
        customerNumber: 'C-1',
        currency: 'EUR',
        subtotal: '1.00',
        shipping: '0.00',
        tax: '0.00',
        total: '1.00',
        financialStatus: null,
        sellToAddress: null,
        shipToAddress: null,
        orderDate: new Date(),
        createdAt: new Date(),
        conflict: { detectedAt: '', shopifyUpdatedAt: '', changes: [] },
      });
    return id;
  }

  const target = (op: DocOperation): string => {
    const id = op.path.startsWith('/v1/jobs/')
      ? ids.jobA
      : op.path.startsWith('/v1/erp/sales-orders/')
        ? ids.orderA
        : ids.scheduleA;
    const path = op.path.replace('{code}', A).replace(/\{id\}/g, id);
    return op.queryParams.includes('shop') ? `${path}?shop=${A}` : path;
  };

  it('refuses every operation aimed at another shop (403/404) and changes nothing', async () => {
    const ops = operations(doc).filter((op) => !PUBLIC.test(op.path));
    expect(ops.length).toBeGreaterThan(25);
    for (const f of FILTERED) expect(ops.map((o) => `${o.method} ${o.path}`)).toContain(f);
    const before = await settledDigest(sqlitePath);
    const answered: string[] = [];
    for (const op of ops) {
      if (FILTERED.has(`${op.method} ${op.path}`)) continue;
      const body = aimedAtA(op.body) as Record<string, unknown> | undefined;
      // Creating a shop is refused for a fresh code too (the example's code is A's).
      if (op.method === 'POST' && op.path === '/v1/shops') body!.code = 'new-shop';
      const res = await call(op.method, target(op), limited, body);
      if (res.status !== 403 && res.status !== 404)
        answered.push(`${op.method} ${target(op)} → ${res.status} ${res.body.slice(0, 120)}`);
    }
    expect(answered).toEqual([]);
    // A batch naming the key's shop and another is refused whole.
    const mixed = await call('POST', '/v1/syncs', limited, {
      requests: [
        { shop: B, task: 'inventory', force: true },
        { shop: A, task: 'inventory', force: true },
      ],
    });
    expect(mixed.status).toBe(403);
    expect(databaseDigest(sqlitePath)).toBe(before);
  });

  it('lists only the allowed shop', async () => {
    const shops = JSON.parse((await call('GET', '/v1/shops', limited)).body) as {
      items: Array<{ code: string }>;
    };
    expect(shops.items.map((s) => s.code)).toEqual([B]);
    const idOfB = (await app.get(ShopsRepository).getByCode(B)).id;
    const jobs = await call('GET', '/v1/jobs', limited);
    expect(jobs.status).toBe(200);
    const page = JSON.parse(jobs.body) as {
      items: Array<{ id: string; shopId: string }>;
      total: number;
    };
    expect(page.items.map((j) => j.id)).toEqual([ids.jobB]);
    expect(page.items.every((j) => j.shopId === idOfB)).toBe(true);
    expect(page.total).toBe(1);
    expect((await call('GET', `/v1/jobs?shop=${B}`, limited)).status).toBe(200);
    // The admin key, limited to nothing, sees both.
    expect(JSON.parse((await call('GET', '/v1/jobs', admin)).body).total).toBe(2);
  });

  it('streams only the allowed shop’s job events', async () => {
    const shops = app.get(ShopsRepository);
    const [a, b] = [await shops.getByCode(A), await shops.getByCode(B)];
    const events = app.get(JobEventsService);
    const stream = call('GET', '/v1/events', limited, undefined, 800);
    setTimeout(() => {
      const at = new Date().toISOString();
      events.publish({ jobId: ids.jobA, status: 'running', at } as never, a.id);
      events.publish({ jobId: ids.jobB, status: 'running', at } as never, b.id);
      events.publish({ jobId: ids.jobA, status: 'running', at } as never);
    }, 300);
    const res = await stream;
    expect(res.status).toBe(200);
    expect(res.body).toContain(ids.jobB);
    expect(res.body).not.toContain(ids.jobA);
  });

  it('lets the key act on its own shop', async () => {
    expect((await call('GET', `/v1/shops/${B}`, limited)).status).toBe(200);
    expect((await call('GET', `/v1/jobs/${ids.jobB}`, limited)).status).toBe(200);
    expect((await call('GET', `/v1/schedules/${ids.scheduleB}`, limited)).status).toBe(200);
    expect((await call('POST', `/v1/schedules/${ids.scheduleB}/pause`, limited)).status).toBe(200);
    expect((await call('GET', `/v1/erp/sales-orders?shop=${B}`, limited)).status).toBe(200);
    expect(
      (await call('POST', `/v1/erp/sales-orders/${ids.orderB}/conflict/acknowledge`, limited))
        .status,
    ).toBe(200);
    const batch = await call('POST', '/v1/syncs', limited, {
      requests: [{ shop: B, task: 'products', force: true }],
    });
    expect(batch.status).toBe(202);
  });
});
