import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErpPayoutEntity, ManualClock, openDataSource, ShopsRepository } from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import { ErpFeedsService } from './erp-feeds.service';
import { ErpOrdersRepository } from './erp-orders.repository';

// Payouts (like disputes) change status, so their feed goes by last change: a payout updated
// after a reader's cursor comes again, once it is older than the settle window.
describe('ERP payouts feed by last change', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const clock = new ManualClock(new Date('2026-12-01T12:00:00Z'));
  const shopId = randomUUID();
  let feeds: ErpFeedsService;

  beforeAll(async () => {
    db = await createTestDatabase('payouts_feed');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
    feeds = new ErpFeedsService(new ErpOrdersRepository(ds), new ShopsRepository(ds), clock, 5000);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const ago = (seconds: number) => new Date(clock.now().getTime() - seconds * 1000);
  async function payout(n: number, status: string, secondsAgo: number): Promise<string> {
    const id = randomUUID();
    await ds.getRepository(ErpPayoutEntity).insert({
      id,
      shopId,
      payoutId: `gid://shopify/ShopifyPaymentsPayout/${n}`,
      legacyId: String(n),
      status,
      final: status !== 'SCHEDULED',
      transactionType: 'DEPOSIT',
      issuedAt: ago(3600),
      net: '10.00',
      gross: '10.00',
      currency: 'USD',
      shopCurrency: 'EUR',
      summary: null,
      createdAt: ago(secondsAgo),
      updatedAt: ago(secondsAgo),
    });
    return id;
  }
  const statuses = (page: { items: Array<{ legacyId: string; status: string }> }) =>
    page.items.map((i) => `${i.legacyId}:${i.status}`);

  it('serves a payout again after its status changed, with the same id', async () => {
    const scheduled = await payout(1, 'SCHEDULED', 60);
    await payout(2, 'PAID', 30);
    const first = await feeds.payouts({});
    expect(statuses(first)).toEqual(['1:SCHEDULED', '2:PAID']);
    await ds
      .getRepository(ErpPayoutEntity)
      .update({ id: scheduled }, { status: 'PAID', final: true, updatedAt: ago(1) });
    // Younger than the window: held back.
    expect((await feeds.payouts({ after: first.next! })).items).toEqual([]);
    clock.advance(5_000);
    const second = await feeds.payouts({ after: first.next! });
    expect(statuses(second)).toEqual(['1:PAID']);
    expect(second.items[0]).toMatchObject({
      id: scheduled,
      final: true,
      currency: 'USD',
      shopCurrency: 'EUR',
    });
    expect(await feeds.payouts({ after: second.next! })).toEqual({ items: [], next: second.next });
  });
});
