import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobEntity, JobLogEntity, openDataSource, OutboxEntity } from '@shopsync/shared';
import { inProcessGateway } from '@test/support/gateway-in-process';
import { createTestDatabase } from '@test/support/pg';

// Requests that arrive together share one write (group commit): each still gets exactly its own
// job, outbox row and log line, in request order per shop; identical ones coalesce; one bad
// request fails alone. The batch route takes many at once, all or nothing on bad input.
describe.each([
  ['PostgreSQL', true],
  ['SQLite', false],
])('sync requests written together (%s)', (_name, onPostgres) => {
  let app: INestApplication;
  let ds: DataSource;
  let admin: string;
  let limited: string;
  let drop: (() => Promise<void>) | undefined;
  const shops = Array.from({ length: 10 }, (_, i) => `shop-${i}`);

  beforeAll(async () => {
    admin = `sk_${randomBytes(16).toString('hex')}`;
    limited = `sk_${randomBytes(16).toString('hex')}`;
    const sha = (k: string) => createHash('sha256').update(k).digest('hex');
    const extra: Record<string, string> = {
      API_KEYS: JSON.stringify([
        { name: 'admin', sha256: sha(admin), scopes: ['admin'] },
        { name: 'limited', sha256: sha(limited), scopes: ['write'], shops: ['shop-0'] },
      ]),
    };
    let url: string | undefined;
    if (onPostgres) {
      const db = await createTestDatabase('batching');
      url = db.url;
      drop = db.drop;
      extra.DATABASE_URL = db.url;
    }
    const gw = await inProcessGateway(extra);
    app = gw.app;
    ds = await openDataSource({ url, sqlitePath: gw.sqlitePath, poolSize: 2 });
    for (const code of shops) {
      const res = await api('post', '/v1/shops', { code, domain: `${code}.myshopify.com` });
      expect(res.status).toBe(201);
    }
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await drop?.();
  });

  const api = (method: 'post' | 'get', url: string, body?: object, key = admin) =>
    request(app.getHttpServer())[method](url).set('authorization', `Bearer ${key}`).send(body);

  async function jobsOf(shop: string): Promise<JobEntity[]> {
    return ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .innerJoin('shops', 's', 's.id = j."shopId"')
      .where('s.code = :shop', { shop })
      .getMany();
  }

  // The order in which a shop's jobs were handed to Kafka: their outbox rows' ids.
  async function outboxOrder(): Promise<Map<string, number>> {
    const rows = await ds.getRepository(OutboxEntity).find({ order: { id: 'ASC' } });
    // The run requests (each is a CloudEvent; the job's `queued` lifecycle event is another row).
    return new Map(
      rows
        .filter((r) => r.topic.includes('sync.requested'))
        .map((r) => [(JSON.parse(r.payload) as { data: { jobId: string } }).data.jobId, r.id]),
    );
  }

  it('gives 200 concurrent requests their own job, outbox row and log line, in order per shop', async () => {
    const before = await ds.getRepository(JobEntity).count();
    // Each shop's requests are sent one after another; the shops go in parallel.
    const ids = await Promise.all(
      shops.map(async (shop) => {
        const mine: string[] = [];
        for (let seq = 0; seq < 20; seq++) {
          const res = await api('post', `/v1/shops/${shop}/syncs`, {
            task: 'inventory',
            params: { seq, run: 'concurrent' },
          });
          expect(res.status).toBe(202);
          mine.push(res.body.id);
        }
        return mine;
      }),
    );
    expect(await ds.getRepository(JobEntity).count()).toBe(before + 200);
    const order = await outboxOrder();
    for (const mine of ids) {
      expect(new Set(mine).size).toBe(20);
      const positions = mine.map((id) => order.get(id));
      expect(positions.every((p) => p !== undefined)).toBe(true);
      expect([...positions].sort((a, b) => a! - b!)).toEqual(positions);
    }
    const logs = await ds
      .getRepository(JobLogEntity)
      .find({ where: { message: 'requested (manual)' } });
    const flat = ids.flat();
    expect(logs.filter((l) => flat.includes(l.jobId))).toHaveLength(200);
  });

  it('coalesces identical requests that arrive together into one job', async () => {
    const body = { task: 'customers', params: { full: true } };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api('post', '/v1/shops/shop-3/syncs', body)),
    );
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.body.coalesced)).toHaveLength(7);
    expect((await jobsOf('shop-3')).filter((j) => j.task === 'customers')).toHaveLength(1);
  });

  it('fails a request for an unknown shop alone, not the requests written with it', async () => {
    const answers = await Promise.all([
      api('post', '/v1/shops/shop-4/syncs', { task: 'orders', params: { n: 1 } }),
      api('post', '/v1/shops/no-such-shop/syncs', { task: 'orders' }),
      api('post', '/v1/shops/shop-5/syncs', { task: 'orders', params: { n: 2 } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 404, 202]);
  });

  it('takes a batch in the order given and answers with its jobs', async () => {
    const res = await api('post', '/v1/syncs', {
      requests: [
        { shop: 'shop-6', task: 'products', params: { step: 1 } },
        { shop: 'shop-7', task: 'images' },
        { shop: 'shop-6', task: 'products', params: { step: 2 } },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.jobs).toHaveLength(3);
    expect(res.body.jobs.map((j: { task: string }) => j.task)).toEqual([
      'products',
      'images',
      'products',
    ]);
    // Each answer names the job written for that request (not a neighbour's).
    for (const answer of res.body.jobs as Array<{ id: string; task: string; params: unknown }>) {
      const row = await ds.getRepository(JobEntity).findOneByOrFail({ id: answer.id });
      expect([row.task, row.params]).toEqual([answer.task, answer.params]);
    }
    const order = await outboxOrder();
    expect(order.get(res.body.jobs[0].id)!).toBeLessThan(order.get(res.body.jobs[2].id)!);
    // The same batch again joins the queued jobs: 200, nothing new.
    const again = await api('post', '/v1/syncs', {
      requests: [{ shop: 'shop-7', task: 'images' }],
    });
    expect(again.status).toBe(200);
    expect(again.body.jobs[0]).toMatchObject({ id: res.body.jobs[1].id, coalesced: true });
  });

  it('refuses a batch with a bad request, naming it, and stores nothing', async () => {
    const before = await ds.getRepository(JobEntity).count();
    const bad = await api('post', '/v1/syncs', {
      requests: [
        { shop: 'shop-8', task: 'inventory' },
        { shop: 'shop-8', task: 'teleport' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('requests[1].task');
    const unknown = await api('post', '/v1/syncs', {
      requests: [
        { shop: 'shop-8', task: 'inventory' },
        { shop: 'nowhere', task: 'inventory' },
      ],
    });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('requests[1].shop');
    const empty = await api('post', '/v1/syncs', { requests: [] });
    expect(empty.status).toBe(400);
    const tooMany = await api('post', '/v1/syncs', {
      requests: Array.from({ length: 501 }, () => ({ shop: 'shop-8', task: 'inventory' })),
    });
    expect(tooMany.status).toBe(400);
    expect(await ds.getRepository(JobEntity).count()).toBe(before);
  });

  it('refuses a batch naming a shop the API key may not act on', async () => {
    const ok = await api(
      'post',
      '/v1/syncs',
      { requests: [{ shop: 'shop-0', task: 'payments' }] },
      limited,
    );
    expect(ok.status).toBe(202);
    const denied = await api(
      'post',
      '/v1/syncs',
      {
        requests: [
          { shop: 'shop-0', task: 'shipments' },
          { shop: 'shop-1', task: 'shipments' },
        ],
      },
      limited,
    );
    expect(denied.status).toBe(403);
    expect((await jobsOf('shop-0')).filter((j) => j.task === 'shipments')).toHaveLength(0);
  });
});
