import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDataSource, ShopWebhookSyncEntity, ShopWebhooksRepository } from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import { WebhookSyncsRepository } from './webhook-syncs.repository';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

// Due rows, claims and the outcome on both stores (instants are text on SQLite).
describe.each(['PostgreSQL', 'SQLite'])('webhook subscription work on %s', (store) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let syncs: WebhookSyncsRepository;
  let requests: ShopWebhooksRepository;
  const row = (id: string) => ds.getRepository(ShopWebhookSyncEntity).findOneByOrFail({ id });
  const dueIds = async (now: Date, checkedBefore = at(-3600)) =>
    (await syncs.due(now, checkedBefore, 10)).map((r) => r.id).sort();

  beforeAll(async () => {
    if (store === 'PostgreSQL') {
      const db = await createTestDatabase('webhook_syncs');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-webhook-syncs-'));
      ds = await openDataSource({ sqlitePath: join(dir, 'w.sqlite'), poolSize: 1 });
    }
    syncs = new WebhookSyncsRepository(ds);
    requests = new ShopWebhooksRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('finds requested rows when due and unclaimed, and lets one scheduler claim each', async () => {
    await ds.transaction((m) => requests.requestSync(m, 'shop-a', at(0)));
    await ds.transaction((m) => requests.requestSync(m, 'shop-b', at(10)));
    expect(await dueIds(at(5))).toEqual(['shop-a']);
    expect(await dueIds(at(10))).toEqual(['shop-a', 'shop-b']);
    const a = await row('shop-a');
    expect(await syncs.claim(a, 'one', at(10), at(70))).toBe(true);
    expect(await syncs.claim(a, 'two', at(11), at(71))).toBe(false);
    expect(await dueIds(at(11))).toEqual(['shop-b']);
    // An expired claim (its scheduler died) is taken over.
    expect(await syncs.claim(a, 'two', at(80), at(140))).toBe(true);
  });

  it('clears the request when done, and is due again after the check interval', async () => {
    const a = await row('shop-a');
    await syncs.finish(a, { checkedAt: at(81), error: null, attempts: 0, retryAt: null });
    expect(await row('shop-a')).toMatchObject({
      requestedAt: null,
      claimedBy: null,
      claimedUntil: null,
    });
    expect(await dueIds(at(82), at(0))).toEqual(['shop-b']);
    expect(await dueIds(at(200), at(90))).toEqual(['shop-a', 'shop-b']);
  });

  it('keeps a request made while the work ran, and schedules a retry otherwise', async () => {
    const b = await row('shop-b');
    expect(await syncs.claim(b, 'one', at(20), at(80))).toBe(true);
    await ds.transaction((m) => requests.requestSync(m, 'shop-b', at(25)));
    await syncs.finish(b, { error: 'boom', attempts: 1, retryAt: at(30) });
    expect(await row('shop-b')).toMatchObject({ requestedAt: at(25), attempts: 0, error: 'boom' });
    const again = await row('shop-b');
    expect(await syncs.claim(again, 'one', at(26), at(86))).toBe(true);
    await syncs.finish(again, { error: 'boom', attempts: 1, retryAt: at(40) });
    expect(await row('shop-b')).toMatchObject({ requestedAt: at(40), attempts: 1 });
  });
});
