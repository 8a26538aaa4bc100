import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErpPaymentEntity, ManualClock, openDataSource, ShopsRepository } from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import { ErpFeedsService } from './erp-feeds.service';
import { ErpOrdersRepository } from './erp-orders.repository';

// The feed's cursor carries the time a row was written, and that time is set before the row's
// transaction commits. A reader must not move past a time at which rows may still commit: the
// feed serves only rows older than the settle window.
describe('ERP feeds hold back rows younger than the settle window', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const clock = new ManualClock(new Date('2026-11-28T12:00:00Z'));
  const shopId = randomUUID();
  let feeds: ErpFeedsService;

  beforeAll(async () => {
    db = await createTestDatabase('feeds');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
    feeds = new ErpFeedsService(new ErpOrdersRepository(ds), new ShopsRepository(ds), clock, 5000);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function payment(tx: string, secondsAgo: number): Promise<void> {
    await ds.getRepository(ErpPaymentEntity).insert({
      id: randomUUID(),
      shopId,
      transactionId: tx,
      shopifyOrderId: 'gid://shopify/Order/1',
      orderName: '#1001',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: null,
      amount: '10.00',
      currency: 'EUR',
      parentTransactionId: null,
      processedAt: null,
      createdAt: new Date(clock.now().getTime() - secondsAgo * 1000),
    });
  }

  const ids = (page: { items: Array<{ transactionId: string }> }) =>
    page.items.map((i) => i.transactionId);

  it('serves a row only once it is older than the window, and skips none that commit late', async () => {
    await payment('old', 60);
    await payment('young', 2);
    const first = await feeds.payments({});
    expect(ids(first)).toEqual(['old']);
    // A transaction that began 3 s ago commits only now: its row is older than 'young' but
    // newer than the cursor, and still inside the window, so nothing was handed out past it.
    await payment('late', 3);
    expect(ids(await feeds.payments({ after: first.next! }))).toEqual([]);
    clock.advance(5_000);
    const second = await feeds.payments({ after: first.next! });
    expect(ids(second)).toEqual(['late', 'young']);
    // Nothing new: the same cursor comes back.
    expect(await feeds.payments({ after: second.next! })).toEqual({ items: [], next: second.next });
  });
});
