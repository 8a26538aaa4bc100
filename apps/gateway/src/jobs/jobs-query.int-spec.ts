import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { inProcessGateway } from '@test/support/gateway-in-process';

// GET /v1/jobs and /v1/job-stats refuse what they cannot answer with 400 naming the parameter.
describe('the job list and statistics queries over HTTP', () => {
  let app: INestApplication;
  let key: string;

  beforeAll(async () => {
    const gw = await inProcessGateway();
    app = gw.app;
    key = gw.key;
    expect(
      (
        await request(app.getHttpServer())
          .post('/v1/shops')
          .set('authorization', `Bearer ${key}`)
          .send({ code: 'main', domain: 'main.myshopify.com' })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (url: string) =>
    request(app.getHttpServer()).get(url).set('authorization', `Bearer ${key}`);
  const refused = async (url: string, field: string, message: RegExp) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    const errors = res.body.errors as Array<{ field: string; message: string }>;
    expect(errors.find((e) => e.field === field)?.message).toMatch(message);
  };

  it('refuses bad filters, naming them', async () => {
    await refused('/v1/jobs?trigger=manual,nobody', 'trigger', /one or more of manual, schedule/);
    await refused('/v1/jobs?since=yesterday', 'since', /ISO 8601/);
    await refused(
      '/v1/jobs?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z',
      'until',
      /after since/,
    );
    await refused(`/v1/jobs?q=${'x'.repeat(201)}`, 'q', /1 to 200 characters/);
    await refused('/v1/jobs?q=', 'q', /1 to 200 characters/);
    await refused('/v1/job-stats?bucket=30', 'bucket', /60/);
    await refused(
      '/v1/job-stats?since=2026-11-01T00:00:00Z&until=2026-12-01T00:00:00Z&bucket=60',
      'bucket',
      /43200 buckets .* at most 500/,
    );
    await refused('/v1/job-stats?until=1969-12-31T00:00:00Z', 'until', /between 1970 and 9999/);
  });

  it('answers the list with its total and the statistics with every bucket', async () => {
    const list = await get('/v1/jobs?shop=main&trigger=manual,schedule&q=none&limit=5');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], total: 0, limit: 5, offset: 0 });
    const stats = await get(
      '/v1/job-stats?shop=main&since=2026-12-01T00:00:00Z&until=2026-12-01T06:00:00Z&bucket=7200',
    );
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-01T06:00:00.000Z',
      bucketSeconds: 7200,
      counts: { queued: 0, waiting: 0, failed: 0 },
    });
    expect(stats.body.buckets.map((b: { start: string }) => b.start)).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2026-12-01T02:00:00.000Z',
      '2026-12-01T04:00:00.000Z',
    ]);
    expect((await get('/v1/job-stats?shop=nowhere')).status).toBe(404);
  });
});
