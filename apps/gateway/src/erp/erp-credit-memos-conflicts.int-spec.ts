import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  CreditMemoDocumentV1,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  openDataSource,
  OrderConflict,
  SalesOrderDocumentV1,
  ShopsRepository,
} from '@shopsync/shared';
import { inProcessGateway } from '@test/support/gateway-in-process';
import { OpenApiSchemas, openApiSchemas } from '@test/support/openapi-schemas';
import { createTestDatabase } from '@test/support/pg';

const A = 'eu-store';
const B = 'us-store';

const CHANGE: OrderConflict = {
  detectedAt: '2026-11-30T10:00:00.000Z',
  shopifyUpdatedAt: '2026-11-30T09:59:00.000Z',
  changes: [{ field: 'lines[gid://shopify/LineItem/5].quantity', before: 2, after: 1 }],
};

interface Feed<T> {
  items: T[];
  next: string | null;
}

// Issue 16 items 3 and 4 on the gateway: the credit memo feed (paged like the sales-order feed),
// the sales-order feed filtered by conflict, and acknowledging a conflict, over HTTP with rows
// written straight into the database, on both stores.
describe.each([
  ['PostgreSQL', true],
  ['SQLite', false],
])('ERP credit memos and conflicts (%s)', (_name, onPostgres) => {
  let app: INestApplication;
  let ds: DataSource;
  let doc: OpenAPIObject;
  let schemas: OpenApiSchemas;
  let drop: (() => Promise<void>) | undefined;
  const admin = `sk_${randomBytes(16).toString('hex')}`;
  const limited = `sk_${randomBytes(16).toString('hex')}`;
  const reader = `sk_${randomBytes(16).toString('hex')}`;
  const shopIds: Record<string, string> = {};
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

  beforeAll(async () => {
    const sha = (k: string) => createHash('sha256').update(k).digest('hex');
    const extra: Record<string, string> = {
      API_KEYS: JSON.stringify([
        { name: 'admin', sha256: sha(admin), scopes: ['admin'] },
        { name: 'b-only', sha256: sha(limited), scopes: ['write'], shops: [B] },
        { name: 'reader', sha256: sha(reader), scopes: ['read'] },
      ]),
    };
    let url: string | undefined;
    if (onPostgres) {
      const db = await createTestDatabase('erp_conflicts');
      url = db.url;
      drop = db.drop;
      extra.DATABASE_URL = db.url;
    }
    const gw = await inProcessGateway(extra);
    app = gw.app;
    doc = gw.doc;
    schemas = openApiSchemas(doc);
    ds = await openDataSource({ url, sqlitePath: gw.sqlitePath, poolSize: 2 });
    for (const code of [A, B]) {
      const res = await api('post', '/v1/shops', admin, { code, domain: `${code}.myshopify.com` });
      expect(res.status).toBe(201);
      shopIds[code] = (await app.get(ShopsRepository).getByCode(code)).id;
    }
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await drop?.();
  });

  function api(method: 'get' | 'post', url: string, key: string, body?: object) {
    return request(app.getHttpServer())
      [method](url)
      .set('authorization', `Bearer ${key}`)
      .send(body);
  }

  async function memo(
    shop: string,
    refund: string,
    secondsAgo: number,
  ): Promise<ErpCreditMemoEntity> {
    const row: ErpCreditMemoEntity = {
      id: randomUUID(),
      shopId: shopIds[shop],
      shopifyOrderId: `gid://shopify/Order/${refund}`,
      shopifyRefundId: `gid://shopify/Refund/${refund}`,
      shopifyReturnId: refund === 'a1' ? 'gid://shopify/Return/7' : null,
      salesOrderId: randomUUID(),
      number: `${shop}-1001-CM1`,
      orderName: '#1001',
      erpCustomerId: randomUUID(),
      customerNumber: 'C-1',
      currency: 'EUR',
      exchangeRate: refund === 'a1' ? '1.083000' : null,
      pricesIncludeTax: true,
      subtotal: '10.00',
      tax: '2.10',
      total: '10.00',
      note: refund === 'a1' ? 'damaged' : null,
      refundedAt: ago(secondsAgo + 30),
      createdAt: ago(secondsAgo),
    };
    await ds.getRepository(ErpCreditMemoEntity).insert(row);
    return row;
  }

  async function salesOrder(
    shop: string,
    name: string,
    secondsAgo: number,
    conflict: OrderConflict | null,
    acknowledgedAt: Date | null = null,
  ): Promise<string> {
    const id = randomUUID();
    await ds.getRepository(ErpSalesOrderEntity).insert({
      id,
      shopId: shopIds[shop],
      shopifyOrderId: `gid://shopify/Order/${name}`,
      number: `${shop}-${name}`,
      documentType: 'order',
      orderName: `#${name}`,
      erpCustomerId: randomUUID(),
      customerNumber: 'C-1',
      currency: 'EUR',
      subtotal: '20.00',
      shipping: '0.00',
      tax: '0.00',
      total: '20.00',
      financialStatus: 'PAID',
      sellToAddress: null,
      shipToAddress: null,
      orderDate: ago(secondsAgo + 60),
      createdAt: ago(secondsAgo),
      conflict,
      conflictAcknowledgedAt: acknowledgedAt,
    });
    await ds.getRepository(ErpSalesOrderLineEntity).insert({
      salesOrderId: id,
      lineNo: 1,
      sku: 'SKU-1',
      description: 'Shirt',
      quantity: 2,
      unitPrice: '10.00',
      amount: '20.00',
      shopifyLineItemId: 'gid://shopify/LineItem/5',
    });
    return id;
  }

  it('documents the routes in the OpenAPI document', () => {
    type Op = {
      parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }>;
      responses: Record<string, unknown>;
    };
    const op = (path: string, method: string) =>
      (doc.paths[path] as Record<string, Op> | undefined)?.[method];
    const query = (o: Op | undefined) =>
      (o?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(query(op('/v1/erp/credit-memos', 'get')).sort()).toEqual(['after', 'limit', 'shop']);
    const feed = op('/v1/erp/sales-orders', 'get');
    expect(query(feed).sort()).toEqual(['after', 'conflict', 'limit', 'shop']);
    expect(feed!.parameters!.find((p) => p.name === 'conflict')!.schema!.enum).toEqual([
      'true',
      'all',
      'false',
    ]);
    const ack = op('/v1/erp/sales-orders/{id}/conflict/acknowledge', 'post');
    expect(Object.keys(ack!.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
    ]);
  });

  describe('GET /v1/erp/credit-memos', () => {
    const memos: Record<string, ErpCreditMemoEntity> = {};

    beforeAll(async () => {
      memos.a1 = await memo(A, 'a1', 300);
      memos.a2 = await memo(A, 'a2', 200);
      memos.b1 = await memo(B, 'b1', 150);
      memos.a3 = await memo(A, 'a3', 100);
      // Written out of order: the document lists them by lineNo.
      await ds.getRepository(ErpCreditMemoLineEntity).insert([
        {
          creditMemoId: memos.a1.id,
          lineNo: 2,
          kind: 'refund',
          type: 'account',
          no: 'REFUND',
          description: 'Restocking fee',
          quantity: 1,
          unitPrice: '-2.00',
          amount: '-2.00',
          taxAmount: '0.00',
          shopifyLineItemId: null,
        },
        {
          creditMemoId: memos.a1.id,
          lineNo: 1,
          kind: 'item',
          type: 'item',
          no: 'SKU-1',
          description: 'Shirt',
          quantity: 1,
          unitPrice: '12.00',
          amount: '12.00',
          taxAmount: '2.10',
          shopifyLineItemId: 'gid://shopify/LineItem/5',
        },
      ]);
    });

    const refunds = (feed: Feed<CreditMemoDocumentV1>) =>
      feed.items.map((m) => m.shopifyRefundId.split('/').pop());

    it('pages every shop’s memos oldest first, and answers the same cursor when nothing is new', async () => {
      const first = await api('get', '/v1/erp/credit-memos?limit=2', admin);
      expect(first.status).toBe(200);
      expect(refunds(first.body)).toEqual(['a1', 'a2']);
      const second = await api(
        'get',
        `/v1/erp/credit-memos?limit=2&after=${first.body.next}`,
        admin,
      );
      expect(refunds(second.body)).toEqual(['b1', 'a3']);
      // Read back from the store (numbers, booleans, dates as each database answers them), every
      // field as the OpenAPI document describes it.
      expect(schemas.errors('CreditMemoFeedDto', first.body)).toEqual([]);
      expect(schemas.errors('CreditMemoFeedDto', second.body)).toEqual([]);
      const third = await api('get', `/v1/erp/credit-memos?after=${second.body.next}`, admin);
      expect(third.body).toEqual({ items: [], next: second.body.next });
    });

    it('answers each memo as the outbound contract has it, lines by number', async () => {
      const m = memos.a1;
      const feed = (await api('get', `/v1/erp/credit-memos?shop=${A}&limit=1`, admin)).body;
      expect(feed.items).toEqual([
        {
          id: m.id,
          number: `${A}-1001-CM1`,
          shopId: shopIds[A],
          shopifyOrderId: 'gid://shopify/Order/a1',
          shopifyRefundId: 'gid://shopify/Refund/a1',
          shopifyReturnId: 'gid://shopify/Return/7',
          orderName: '#1001',
          salesOrderId: m.salesOrderId,
          customer: { id: m.erpCustomerId, number: 'C-1' },
          currency: 'EUR',
          exchangeRate: '1.083000',
          pricesIncludeTax: true,
          amounts: { subtotal: '10.00', tax: '2.10', total: '10.00' },
          note: 'damaged',
          lines: [
            {
              lineNo: 1,
              kind: 'item',
              type: 'item',
              no: 'SKU-1',
              description: 'Shirt',
              quantity: 1,
              unitPrice: '12.00',
              amount: '12.00',
              taxAmount: '2.10',
            },
            {
              lineNo: 2,
              kind: 'refund',
              type: 'account',
              no: 'REFUND',
              description: 'Restocking fee',
              quantity: 1,
              unitPrice: '-2.00',
              amount: '-2.00',
              taxAmount: '0.00',
            },
          ],
          refundedAt: m.refundedAt.toISOString(),
          createdAt: m.createdAt.toISOString(),
        },
      ]);
      // Memos without lines answer an empty list.
      const next = (await api('get', `/v1/erp/credit-memos?shop=${A}&after=${feed.next}`, admin))
        .body as Feed<CreditMemoDocumentV1>;
      expect(next.items.map((i) => i.lines)).toEqual([[], []]);
    });

    it('filters by shop', async () => {
      expect(refunds((await api('get', `/v1/erp/credit-memos?shop=${A}`, admin)).body)).toEqual([
        'a1',
        'a2',
        'a3',
      ]);
      expect(refunds((await api('get', `/v1/erp/credit-memos?shop=${B}`, admin)).body)).toEqual([
        'b1',
      ]);
      expect((await api('get', '/v1/erp/credit-memos?shop=nope', admin)).status).toBe(404);
    });

    it('holds the limit to 1–500 and the cursor to one it handed out', async () => {
      for (const q of ['limit=0', 'limit=501', 'limit=x', 'after=%24%24'])
        expect([q, (await api('get', `/v1/erp/credit-memos?${q}`, admin)).status]).toEqual([
          q,
          400,
        ]);
    });

    it('holds a key limited to shops to them (?shop= required)', async () => {
      expect((await api('get', '/v1/erp/credit-memos', limited)).status).toBe(403);
      expect((await api('get', `/v1/erp/credit-memos?shop=${A}`, limited)).status).toBe(403);
      const own = await api('get', `/v1/erp/credit-memos?shop=${B}`, limited);
      expect(own.status).toBe(200);
      expect(refunds(own.body)).toEqual(['b1']);
    });
  });

  describe('conflicts', () => {
    const orders: Record<string, string> = {};
    const firstAck = new Date('2026-11-30T11:00:00.000Z');

    beforeAll(async () => {
      orders.plain = await salesOrder(A, '2001', 400, null);
      orders.open = await salesOrder(A, '2002', 390, CHANGE);
      orders.seen = await salesOrder(A, '2003', 380, CHANGE, firstAck);
      orders.other = await salesOrder(B, '2004', 370, CHANGE);
      orders.refused = await salesOrder(A, '2005', 360, CHANGE);
    });

    const names = (feed: Feed<SalesOrderDocumentV1>) => feed.items.map((o) => o.orderName);
    const feed = async (query: string, key = admin) => {
      const res = await api('get', `/v1/erp/sales-orders${query}`, key);
      expect([query, res.status]).toEqual([query, 200]);
      return res.body as Feed<SalesOrderDocumentV1>;
    };
    const acknowledgedAt = async (id: string) =>
      (await ds.getRepository(ErpSalesOrderEntity).findOneByOrFail({ id })).conflictAcknowledgedAt;

    it('lists only open conflicts with conflict=true, every conflict with all, everything without', async () => {
      const every = ['#2001', '#2002', '#2003', '#2004', '#2005'];
      const all = await feed('');
      expect(names(all)).toEqual(every);
      expect(schemas.errors('SalesOrderFeedDto', all)).toEqual([]);
      expect(names(await feed('?conflict=false'))).toEqual(every);
      expect(names(await feed('?conflict=all'))).toEqual(['#2002', '#2003', '#2004', '#2005']);
      expect(names(await feed('?conflict=true'))).toEqual(['#2002', '#2004', '#2005']);
      expect(names(await feed(`?conflict=true&shop=${B}`, limited))).toEqual(['#2004']);
      const page = await feed(`?conflict=true&shop=${A}&limit=1`);
      expect(names(page)).toEqual(['#2002']);
      expect(names(await feed(`?conflict=true&shop=${A}&after=${page.next}`))).toEqual(['#2005']);
    });

    it('answers the conflict on each document, with when it was acknowledged', async () => {
      const items = (await feed(`?conflict=all&shop=${A}`)).items;
      expect(items.map((o) => o.conflict)).toEqual([
        { ...CHANGE, acknowledgedAt: null },
        { ...CHANGE, acknowledgedAt: firstAck.toISOString() },
        { ...CHANGE, acknowledgedAt: null },
      ]);
      expect((await feed(`?shop=${A}&limit=1`)).items[0].conflict).toBeNull();
    });

    it('refuses a conflict value it does not know, naming the field', async () => {
      for (const value of ['yes', 'TRUE', '1', ''].map(encodeURIComponent)) {
        const res = await api('get', `/v1/erp/sales-orders?conflict=${value}`, admin);
        expect([value, res.status, res.body.code]).toEqual([value, 400, 'VALIDATION_FAILED']);
        expect(res.body.errors).toEqual([
          { field: 'conflict', message: 'must be one of true, all, false' },
        ]);
      }
      const twice = await api('get', '/v1/erp/sales-orders?conflict=true&conflict=all', admin);
      expect(twice.status).toBe(400);
      expect(twice.body.errors.map((e: { field: string }) => e.field)).toEqual(['conflict']);
    });

    it('acknowledges once: the document answers the time, again keeps the first, the list drops it', async () => {
      const before = Date.now();
      const first = await api(
        'post',
        `/v1/erp/sales-orders/${orders.open}/conflict/acknowledge`,
        admin,
      );
      expect(first.status).toBe(200);
      const doc = first.body as SalesOrderDocumentV1;
      expect(doc).toMatchObject({
        id: orders.open,
        orderName: '#2002',
        amounts: { total: '20.00' },
      });
      expect(doc.lines.map((l) => l.sku)).toEqual(['SKU-1']);
      expect(schemas.errors('SalesOrderDocumentDto', doc)).toEqual([]);
      const at = new Date(doc.conflict!.acknowledgedAt!).getTime();
      expect(at).toBeGreaterThanOrEqual(before - 1);
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(doc.conflict).toEqual({ ...CHANGE, acknowledgedAt: doc.conflict!.acknowledgedAt });
      expect((await acknowledgedAt(orders.open))?.toISOString()).toBe(doc.conflict!.acknowledgedAt);

      await new Promise((r) => setTimeout(r, 20));
      const again = await api(
        'post',
        `/v1/erp/sales-orders/${orders.open}/conflict/acknowledge`,
        admin,
      );
      expect(again.status).toBe(200);
      expect(again.body).toEqual(doc);
      const seen = await api(
        'post',
        `/v1/erp/sales-orders/${orders.seen}/conflict/acknowledge`,
        admin,
      );
      expect(seen.status).toBe(200);
      expect(seen.body.conflict.acknowledgedAt).toBe(firstAck.toISOString());
      expect(names(await feed(`?conflict=true&shop=${A}`))).toEqual(['#2005']);
      expect(names(await feed(`?conflict=all&shop=${A}`))).toEqual(['#2002', '#2003', '#2005']);
    });

    it('answers 404 for an unknown document, 409 for one without a conflict, 400 for a bad id', async () => {
      const unknown = randomUUID();
      const missing = await api(
        'post',
        `/v1/erp/sales-orders/${unknown}/conflict/acknowledge`,
        admin,
      );
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        code: 'SALES_ORDER_NOT_FOUND',
        message: `sales document '${unknown}' does not exist`,
      });
      const none = await api(
        'post',
        `/v1/erp/sales-orders/${orders.plain}/conflict/acknowledge`,
        admin,
      );
      expect(none.status).toBe(409);
      expect(none.body).toMatchObject({ code: 'SALES_ORDER_NO_CONFLICT' });
      expect(await acknowledgedAt(orders.plain)).toBeNull();
      const bad = await api('post', '/v1/erp/sales-orders/nope/conflict/acknowledge', admin);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });

    it('needs the write scope to acknowledge; reading the list needs read', async () => {
      expect(names(await feed(`?conflict=true&shop=${A}`, reader))).toEqual(['#2005']);
      const res = await api(
        'post',
        `/v1/erp/sales-orders/${orders.refused}/conflict/acknowledge`,
        reader,
      );
      expect(res.status).toBe(403);
      expect(res.body.message).toContain("'write' scope");
      expect(await acknowledgedAt(orders.refused)).toBeNull();
    });

    it('lets a key limited to shops acknowledge only its shops’ documents', async () => {
      const refused = await api(
        'post',
        `/v1/erp/sales-orders/${orders.refused}/conflict/acknowledge`,
        limited,
      );
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain(A);
      expect(await acknowledgedAt(orders.refused)).toBeNull();
      const unknown = await api(
        'post',
        `/v1/erp/sales-orders/${randomUUID()}/conflict/acknowledge`,
        limited,
      );
      expect(unknown.status).toBe(404);
      const own = await api(
        'post',
        `/v1/erp/sales-orders/${orders.other}/conflict/acknowledge`,
        limited,
      );
      expect(own.status).toBe(200);
      expect(own.body.conflict.acknowledgedAt).toEqual(expect.any(String));
      expect(names(await feed(`?conflict=true&shop=${B}`, limited))).toEqual([]);
    });
  });
});
