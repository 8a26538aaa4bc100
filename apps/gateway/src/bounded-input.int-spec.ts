import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  JobEntity,
  openDataSource,
  OutboxEntity,
  ScheduleEntity,
  ShopEntity,
} from '@shopsync/shared';
import { inProcessGateway } from '@test/support/gateway-in-process';
import { createTestDatabase } from '@test/support/pg';

// Free-form JSON (job and schedule params, shop settings) is bounded at the edge: over 16 KiB or
// 8 levels it is refused with 400 naming the field, and nothing is stored. Before, a 1 MB params
// was accepted and made an outbox message the broker refused.
describe.each([
  ['PostgreSQL', true],
  ['SQLite', false],
])('bounded params and settings (%s)', (_name, onPostgres) => {
  let app: INestApplication;
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let key: string;
  const BOUND = 'must be at most 16384 bytes of JSON and 8 levels deep';
  const big = { blob: 'x'.repeat(20_000) };
  const deep = (levels: number) => {
    let value: object = { leaf: true };
    for (let i = 1; i < levels; i++) value = { a: value };
    return value;
  };
  const nestedArrays = { list: [[[[[[[[1]]]]]]]] }; // 9 levels

  beforeAll(async () => {
    let url: string | undefined;
    const extra: Record<string, string> = {};
    if (onPostgres) {
      const db = await createTestDatabase('bounded');
      url = db.url;
      drop = db.drop;
      extra.DATABASE_URL = db.url;
    }
    const gw = await inProcessGateway(extra);
    app = gw.app;
    key = gw.key;
    ds = await openDataSource({ url, sqlitePath: gw.sqlitePath, poolSize: 2 });
    expect(
      (await api('post', '/v1/shops', { code: 'main', domain: 'main.myshopify.com' })).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await drop?.();
  });

  const api = (method: 'post' | 'patch', url: string, body: object) =>
    request(app.getHttpServer())[method](url).set('authorization', `Bearer ${key}`).send(body);

  async function counts(): Promise<number[]> {
    return Promise.all(
      [JobEntity, OutboxEntity, ScheduleEntity].map((e) => ds.getRepository(e).count()),
    );
  }

  function expectRefused(res: request.Response, field: string): void {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toContainEqual({ field, message: BOUND });
    expect(res.body.message).toContain(`${field}: ${BOUND}`);
  }

  it('refuses oversized or too deep sync params, single and batch, and stores nothing', async () => {
    const before = await counts();
    expectRefused(
      await api('post', '/v1/shops/main/syncs', { task: 'inventory', params: big }),
      'params',
    );
    expectRefused(
      await api('post', '/v1/shops/main/syncs', { task: 'inventory', params: deep(9) }),
      'params',
    );
    expectRefused(
      await api('post', '/v1/shops/main/syncs', { task: 'inventory', params: nestedArrays }),
      'params',
    );
    expectRefused(
      await api('post', '/v1/syncs', {
        requests: [
          { shop: 'main', task: 'inventory' },
          { shop: 'main', task: 'products', params: big },
        ],
      }),
      'requests[1].params',
    );
    expect(await counts()).toEqual(before);
    const ok = await api('post', '/v1/shops/main/syncs', { task: 'inventory', params: deep(8) });
    expect(ok.status).toBe(202);
  });

  it('refuses oversized or too deep schedule params, on create and change', async () => {
    const recurrence = { kind: 'cron', expression: '*/15 * * * *', timeZone: 'UTC' };
    const before = await counts();
    expectRefused(
      await api('post', '/v1/shops/main/schedules', { task: 'orders', recurrence, params: big }),
      'params',
    );
    expect(await counts()).toEqual(before);
    const created = await api('post', '/v1/shops/main/schedules', { task: 'orders', recurrence });
    expect(created.status).toBe(201);
    expectRefused(
      await api('patch', `/v1/schedules/${created.body.id}`, { params: deep(9) }),
      'params',
    );
    const row = await ds.getRepository(ScheduleEntity).findOneByOrFail({ id: created.body.id });
    expect(row.params).toBeNull();
  });

  it('refuses oversized or too deep shop settings, on create and change', async () => {
    const shops = await ds.getRepository(ShopEntity).count();
    expectRefused(
      await api('post', '/v1/shops', {
        code: 'other',
        domain: 'other.myshopify.com',
        settings: big,
      }),
      'settings',
    );
    expect(await ds.getRepository(ShopEntity).count()).toBe(shops);
    expectRefused(await api('patch', '/v1/shops/main', { settings: deep(9) }), 'settings');
    // Changes are merged into the stored settings: the merged result is bounded too.
    const half = (k: string) => ({ [k]: 'y'.repeat(9_000) });
    // Settings are typed now (an unknown key is refused), so the large value is one stored before.
    await ds.getRepository(ShopEntity).update({ code: 'main' }, { settings: half('notes1') });
    expectRefused(await api('patch', '/v1/shops/main', { settings: half('notes2') }), 'settings');
    const main = await ds.getRepository(ShopEntity).findOneByOrFail({ code: 'main' });
    expect(Object.keys(main.settings)).toEqual(['notes1']);
  });

  // Settings are typed as well: a bad value or an unknown key is refused naming it, on create and
  // change, and nothing is stored (before, e.g. inventory.quantityName was stored as sent and
  // silently defaulted by the worker).
  const settingsOf = async () =>
    (await ds.getRepository(ShopEntity).findOneByOrFail({ code: 'main' })).settings;

  function expectInvalid(res: request.Response, field: string, message: string): void {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([{ field, message }]);
  }

  it.each([
    [
      { inventory: { quantityName: 'incoming' } },
      'settings.inventory.quantityName',
      'must be one of available, on_hand',
    ],
    [
      { catalog: { bulkThreshold: 'many' } },
      'settings.catalog.bulkThreshold',
      'must be a whole number',
    ],
    [
      { products: { canUpdateShopifyProducts: 'no' } },
      'settings.products.canUpdateShopifyProducts',
      'must be a boolean',
    ],
    [{ orders: [] }, 'settings.orders', 'must be an object'],
    [
      { inventory: { quantityName: 'available', extra: 1 } },
      'settings.inventory.extra',
      'is not a setting',
    ],
    [{ notes: 'x' }, 'settings.notes', 'is not a setting'],
  ])('refuses settings %j naming %s, on create and change', async (settings, field, message) => {
    const shops = await ds.getRepository(ShopEntity).count();
    const before = await settingsOf();
    expectInvalid(
      await api('post', '/v1/shops', { code: 'other', domain: 'other.myshopify.com', settings }),
      field,
      message,
    );
    expect(await ds.getRepository(ShopEntity).count()).toBe(shops);
    expectInvalid(await api('patch', '/v1/shops/main', { settings }), field, message);
    expect(await settingsOf()).toEqual(before);
  });

  it('stores valid settings as sent, merged into the stored ones', async () => {
    const before = await settingsOf();
    const settings = { inventory: { quantityName: 'on_hand' }, catalog: { bulkThreshold: 0 } };
    const res = await api('patch', '/v1/shops/main', { settings });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({ ...before, ...settings });
    expect(await settingsOf()).toEqual(res.body.settings);
  });
});
