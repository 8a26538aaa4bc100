import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { openDataSource, ShopEntity } from '@shopsync/shared';
import { inProcessGateway } from '../../../../test/support/gateway-in-process';
import { createTestDatabase } from '../../../../test/support/pg';

// A shop's settings are typed: a bad value or an unknown key is refused with 400 naming the
// field, on create and change, and nothing is stored. Before, e.g. inventory.quantityName and
// catalog.bulkThreshold were stored as sent and silently defaulted by the worker.
describe.each([
  ['PostgreSQL', true],
  ['SQLite', false],
])('typed shop settings (%s)', (_name, onPostgres) => {
  let app: INestApplication;
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let key: string;

  beforeAll(async () => {
    let url: string | undefined;
    const extra: Record<string, string> = {};
    if (onPostgres) {
      const db = await createTestDatabase('settings');
      url = db.url;
      drop = db.drop;
      extra.DATABASE_URL = db.url;
    }
    const gw = await inProcessGateway(extra);
    app = gw.app;
    key = gw.key;
    ds = await openDataSource({ url, sqlitePath: gw.sqlitePath, poolSize: 2 });
    const created = await api('post', '/v1/shops', {
      code: 'main',
      domain: 'main.myshopify.com',
      settings: { inventory: { quantityName: 'on_hand' } },
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await drop?.();
  });

  const api = (method: 'post' | 'patch', url: string, body: object) =>
    request(app.getHttpServer())[method](url).set('authorization', `Bearer ${key}`).send(body);

  function expectRefused(res: request.Response, field: string, message: string): void {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([{ field, message }]);
  }

  const stored = async () =>
    (await ds.getRepository(ShopEntity).findOneByOrFail({ code: 'main' })).settings;

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
  ])('refuses %j naming %s, on create and change', async (settings, field, message) => {
    const shops = await ds.getRepository(ShopEntity).count();
    expectRefused(
      await api('post', '/v1/shops', { code: 'other', domain: 'other.myshopify.com', settings }),
      field,
      message,
    );
    expect(await ds.getRepository(ShopEntity).count()).toBe(shops);
    expectRefused(await api('patch', '/v1/shops/main', { settings }), field, message);
    expect(await stored()).toEqual({ inventory: { quantityName: 'on_hand' } });
  });

  it('stores valid settings as sent, merged into the stored ones', async () => {
    const res = await api('patch', '/v1/shops/main', {
      settings: { catalog: { bulkThreshold: 0 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({
      inventory: { quantityName: 'on_hand' },
      catalog: { bulkThreshold: 0 },
    });
    expect(await stored()).toEqual(res.body.settings);
  });
});
