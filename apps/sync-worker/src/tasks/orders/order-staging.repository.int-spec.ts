import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErpSalesOrderEntity, openDataSource, ShopifyOrderEntity } from '@shopsync/shared';
import { orderBasis } from '../sales-orders/order-basis';
import { createTestDatabase } from '@test/support/pg';
import { toStagedOrder } from './order-mapping';
import { orderNode, richLines, richOrder, richRefund, richReturn } from './order-node.fixture';
import { OrderStagingRepository } from './order-staging.repository';

// Order staging against the real PostgreSQL: extras stored and refreshed, refundsPending left
// to its owner, the refreshed processed orders handed back.
describe('OrderStagingRepository', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let staging: OrderStagingRepository;
  const shopId = randomUUID();
  const t1 = new Date('2026-04-05T10:00:00Z');
  const t2 = new Date('2026-04-05T11:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase('order_staging');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 2 });
    staging = new OrderStagingRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const rich = (updatedAt = richOrder.updatedAt) =>
    toStagedOrder({ ...richOrder, updatedAt }, richLines, {
      refunds: [richRefund],
      returns: [richReturn],
    });
  const row = (shopifyOrderId: string) =>
    ds.getRepository(ShopifyOrderEntity).findOneByOrFail({ shopId, shopifyOrderId });

  it('stores a new order with its extras, unprocessed and without pending refunds', async () => {
    const result = await staging.stage(shopId, [rich()], t1);
    expect(result).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      refreshedProcessed: [],
      conflicts: 0,
      refundsPending: 0,
    });
    const stored = await row(richOrder.id);
    expect(stored).toMatchObject({ processed: false, refundsPending: false, total: '88.29' });
    expect(stored.extras).toEqual(rich().extras);
    expect(stored.lines[0]).toMatchObject({ currentQuantity: 2, taxLines: expect.any(Array) });
  });

  it('leaves an order alone when Shopify has not changed it', async () => {
    expect(await staging.stage(shopId, [rich()], t2)).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('refreshes a row staged before extras existed, even with the same update time', async () => {
    const plain = toStagedOrder(orderNode({ id: 'gid://shopify/Order/77' }), []);
    await staging.stage(shopId, [plain], t1);
    await ds
      .getRepository(ShopifyOrderEntity)
      .update({ shopId, shopifyOrderId: plain.shopifyOrderId }, { extras: null });
    expect(await staging.stage(shopId, [plain], t2)).toMatchObject({ updated: 1 });
    expect((await row(plain.shopifyOrderId)).extras).toEqual(plain.extras);
  });

  it('hands back a refreshed processed order, keeping refundsPending and its error', async () => {
    await ds
      .getRepository(ShopifyOrderEntity)
      .update(
        { shopId, shopifyOrderId: richOrder.id },
        { processed: true, refundsPending: true, error: 'kept', salesOrderId: 'so-1' },
      );
    const changed = rich('2026-04-06T08:00:00Z');
    const result = await staging.stage(shopId, [changed], t2);
    expect(result).toMatchObject({ updated: 1 });
    expect(result.refreshedProcessed).toHaveLength(1);
    expect(result.refreshedProcessed[0].before).toMatchObject({
      shopifyOrderId: richOrder.id,
      salesOrderId: 'so-1',
      shopifyUpdatedAt: new Date(richOrder.updatedAt),
    });
    expect(result.refreshedProcessed[0].after).toBe(changed);
    expect(await row(richOrder.id)).toMatchObject({
      refundsPending: true,
      error: 'kept',
      processed: true,
      shopifyUpdatedAt: new Date('2026-04-06T08:00:00Z'),
      updatedAt: t2,
    });
  });

  it('raises a conflict on the document of an edited processed order and flags its refunds', async () => {
    const id = 'gid://shopify/Order/91';
    const first = toStagedOrder(
      { ...richOrder, id, updatedAt: '2026-04-07T08:00:00Z' },
      richLines,
      {
        refunds: [richRefund],
        returns: [richReturn],
      },
    );
    await staging.stage(shopId, [first], t1);
    const staged = await row(id);
    const documentId = randomUUID();
    await ds.getRepository(ErpSalesOrderEntity).insert({
      id: documentId,
      shopId,
      shopifyOrderId: id,
      number: 'S-1',
      documentType: 'order',
      orderName: staged.name,
      erpCustomerId: randomUUID(),
      customerNumber: 'C-1',
      currency: staged.currency,
      subtotal: staged.subtotal,
      shipping: staged.shipping,
      tax: staged.tax,
      total: staged.total,
      financialStatus: null,
      sellToAddress: null,
      shipToAddress: null,
      orderDate: t1,
      createdAt: t1,
      currencyMode: 'shop',
      exchangeRate: null,
      pricesIncludeTax: false,
      invoiceDiscount: '0.00',
      paymentMethods: [],
      // The refund was not netted: it is the credit memo's.
      nettedRefundIds: [],
      basis: orderBasis(staged),
      conflict: null,
      conflictAcknowledgedAt: null,
      documentNumberSentAt: null,
      shopifyClosedAt: null,
    });
    await ds
      .getRepository(ShopifyOrderEntity)
      .update({ id: staged.id }, { processed: true, salesOrderId: documentId });

    // Shopify edits the order: one unit fewer of the first line.
    const editedLines = richLines.map((l, i) =>
      i === 0 ? { ...l, currentQuantity: l.currentQuantity - 1 } : l,
    );
    const edited = toStagedOrder(
      { ...richOrder, id, updatedAt: '2026-04-07T09:00:00Z' },
      editedLines,
      { refunds: [richRefund], returns: [richReturn] },
    );
    const result = await staging.stage(shopId, [edited], t2, 'credit-memo');
    expect(result).toMatchObject({ updated: 1, conflicts: 1, refundsPending: 1 });
    const document = await ds
      .getRepository(ErpSalesOrderEntity)
      .findOneByOrFail({ id: documentId });
    expect(document.conflict).toMatchObject({
      detectedAt: t2.toISOString(),
      shopifyUpdatedAt: '2026-04-07T09:00:00.000Z',
      changes: [expect.objectContaining({ field: `lines[${richLines[0].id}].quantity` })],
    });
    expect(document.total).toBe(staged.total);
    expect(await row(id)).toMatchObject({ refundsPending: true });

    // The same version again changes nothing; with refunds 'off' no refund is pending.
    const again = toStagedOrder(
      { ...richOrder, id, updatedAt: '2026-04-07T10:00:00Z' },
      editedLines,
      { refunds: [richRefund], returns: [richReturn] },
    );
    await ds.getRepository(ShopifyOrderEntity).update({ id: staged.id }, { refundsPending: false });
    expect(await staging.stage(shopId, [again], t2, 'off')).toMatchObject({
      conflicts: 0,
      refundsPending: 0,
    });
  });
});
