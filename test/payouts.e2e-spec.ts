import type { OpenAPIObject } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { scopeMap } from './shopify-sim/access-scopes';
import { loadAdminSchema } from './shopify-sim';
import {
  addBalanceTransaction,
  addPayout,
  seedShopifyPayments,
  setDisputeStatus,
  setPayoutStatus,
} from './shopify-sim/state/shopify-payments';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync, waitForJobEnd } from './support/jobs';
import { readFeed } from './support/feed';
import { openApiSchemas } from './support/openapi-schemas';
import { Stack } from './support/stack';

// Issue 17 end to end, HTTP API + PostgreSQL + Kafka + the strict simulator: the payments task
// reads Shopify Payments — a scheduled payout then paid (the row changes, the ERP gets it again
// under the same key), balance transactions once each however often the task runs, a dispute
// through its statuses — into the feeds and shopsync.erp.outbound.v1; a shop without Shopify
// Payments, and one whose app lacks the payments scopes, succeed with a "not available" note; a
// worker SIGKILLed between pages of balance transactions records each once after recovery.

const TIME_SCALE = 20;
const KEY = randomBytes(32);
const token = () => `shpat_${randomBytes(16).toString('hex')}`;
const SHOPS = {
  pay: { domain: 'payouts-shop.myshopify.com', token: token() },
  nopay: { domain: 'payouts-none.myshopify.com', token: token() },
  noscope: { domain: 'payouts-noscope.myshopify.com', token: token() },
};

interface PayoutDoc {
  id: string;
  payoutId: string;
  status: string;
  final: boolean;
  net: string;
  currency: string;
  shopCurrency: string;
  updatedAt: string;
}
interface BalanceDoc {
  id: string;
  transactionId: string;
  type: string;
  amount: string;
  fee: string;
  net: string;
  payoutId: string | null;
  shopifyOrderId: string | null;
}
interface DisputeDoc {
  id: string;
  disputeId: string;
  status: string;
  final: boolean;
  amount: string;
  reason: string;
  evidenceDueBy: string | null;
  finalizedOn: string | null;
  shopifyOrderId: string | null;
}
interface PaymentsSummary {
  available: boolean;
  note?: string;
  payouts?: { created: number; changed: number; unchanged: number };
  balanceTransactions?: { recorded: number; read: number };
  disputes?: { created: number; changed: number; unchanged: number };
}

describe('Shopify Payments: payouts, balance transactions, disputes', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let outbound: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const payments = async (shop: string): Promise<PaymentsSummary> => {
    const job: Job = await runSync(stack, shop, 'payments', {}, 180_000);
    expect({ status: job.status, error: job.error }).toEqual({ status: 'succeeded', error: null });
    return job.summary!.shopifyPayments as PaymentsSummary;
  };
  const feed = <T>(path: string, limit = 2) => readFeed<T>(stack, path, limit);
  const onTopic = (docType: string) =>
    outbound.messages
      .filter((m) => m.key?.includes(`/${docType}/`))
      .map((m) => ({
        key: m.key,
        doc: dataOf<{ document: Record<string, unknown> }>(m).document,
      }));
  const count = async (table: string) =>
    Number((await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM ${table}`))[0].n);
  const pay = () => sim.shop(SHOPS.pay.domain);
  // Rows written in one run share their feed time (ties go by document id): sort by Shopify's.
  const byShopifyId = <T>(rows: T[], id: (row: T) => string) =>
    [...rows].sort((a, b) => Number(id(a).split('/').pop()) - Number(id(b).split('/').pop()));

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    const seed = {
      products: 1,
      variantsPerProduct: 1,
      locations: 1,
      customers: 2,
      orders: 3,
      seed: 17,
    };
    sim.createShop({
      domain: SHOPS.pay.domain,
      accessToken: SHOPS.pay.token,
      currencyCode: 'CAD',
      seed,
    });
    sim.createShop({
      domain: SHOPS.nopay.domain,
      accessToken: SHOPS.nopay.token,
      shopifyPayments: false,
    });
    const withoutPayments = scopeMap(loadAdminSchema().schema).all.filter(
      (s) => !s.includes('shopify_payments'),
    );
    sim.createShop({
      domain: SHOPS.noscope.domain,
      accessToken: SHOPS.noscope.token,
      accessScopes: withoutPayments,
    });
    seedShopifyPayments(pay());
    db = await createTestDatabase('payouts');
    stack = new Stack({
      name: 'payouts',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        FEED_SETTLE_MS: '0',
      },
      workerEnv: {
        SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE),
        LEASE_TTL_MS: '6000',
        LEASE_HEARTBEAT_MS: '1000',
      },
    });
    await stack.start();
    outbound = await collect(testKafka(), `${stack.topicPrefix}shopsync.erp.outbound.v1`);
    for (const [code, s] of Object.entries(SHOPS)) {
      const created = await api('POST', '/v1/shops', {
        code,
        domain: s.domain,
        accessToken: s.token,
        appSecret: `whsec_${code}`,
      });
      expect({ code, status: created.status }).toEqual({ code, status: 201 });
    }
  }, 240_000);

  afterAll(async () => {
    await outbound?.consumer.disconnect();
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  let scheduled: string;

  it('reads the payouts, balance transactions and dispute, in both currencies', async () => {
    const summary = await payments('pay');
    expect(summary).toMatchObject({
      available: true,
      payouts: { created: 3, changed: 0, unchanged: 0 },
      balanceTransactions: { recorded: 5, read: 5 },
      disputes: { created: 1, changed: 0, unchanged: 0 },
    });
    const payouts = byShopifyId(
      await feed<PayoutDoc>('/v1/erp/payouts?shop=pay'),
      (p) => p.payoutId,
    );
    expect(payouts.map((p) => [p.status, p.final, p.net])).toEqual([
      ['PAID', true, '24.00'],
      ['FAILED', true, '33.90'],
      ['SCHEDULED', false, '43.80'],
    ]);
    expect(payouts.every((p) => p.currency === 'CAD' && p.shopCurrency === 'CAD')).toBe(true);
    scheduled = payouts[2].payoutId;
    const txs = byShopifyId(
      await feed<BalanceDoc>('/v1/erp/balance-transactions?shop=pay'),
      (t) => t.transactionId,
    );
    expect(txs.map((t) => [t.type, t.amount, t.fee, t.net])).toEqual([
      ['CHARGE', '25.00', '1.00', '24.00'],
      ['CHARGE', '35.00', '1.10', '33.90'],
      ['CHARGE', '45.00', '1.20', '43.80'],
      ['REFUND', '-5.00', '0.00', '-5.00'],
      ['ADJUSTMENT', '1.25', '0.00', '1.25'],
    ]);
    expect(txs[0].shopifyOrderId).toMatch(/gid:\/\/shopify\/Order\//);
    expect(txs[2].payoutId).toBe(scheduled);
    expect(txs[3].payoutId).toBeNull();
    const [dispute] = await feed<DisputeDoc>('/v1/erp/disputes?shop=pay');
    expect(dispute).toMatchObject({
      status: 'NEEDS_RESPONSE',
      final: false,
      amount: '35.00',
      reason: 'PRODUCT_NOT_RECEIVED',
      evidenceDueBy: expect.any(String),
      finalizedOn: null,
    });
    expect(dispute.shopifyOrderId).toMatch(/Order/);
    await eventually(async () => {
      expect(onTopic('payout')).toHaveLength(3);
      expect(onTopic('balance-transaction')).toHaveLength(5);
      expect(onTopic('dispute')).toHaveLength(1);
    }, 30_000);
    // As the worker made them from Shopify: every field as the gateway's OpenAPI document has it.
    const schemas = openApiSchemas((await api<OpenAPIObject>('GET', '/docs/openapi.json')).body);
    expect([
      ...payouts.map((p) => schemas.errors('PayoutDocumentDto', p)),
      ...txs.map((t) => schemas.errors('BalanceTransactionDocumentDto', t)),
      schemas.errors('DisputeDocumentDto', dispute),
    ]).toEqual([...payouts.map(() => []), ...txs.map(() => []), []]);
  }, 240_000);

  it('re-reads a scheduled payout until it is paid, publishing it again under the same key', async () => {
    // Nothing moved: the open payout is read again, unchanged; nothing is published.
    expect(await payments('pay')).toMatchObject({
      payouts: { created: 0, changed: 0, unchanged: 1 },
      balanceTransactions: { recorded: 0, read: 0 },
    });
    setPayoutStatus(pay(), scheduled, 'PAID');
    const t = addBalanceTransaction(pay(), { amount: '12.00', fee: '0.65' });
    const next = addPayout(pay(), { transactionIds: [t.id] });
    expect(await payments('pay')).toMatchObject({
      payouts: { created: 1, changed: 1, unchanged: 0 },
      balanceTransactions: { recorded: 1, read: 1 },
    });
    const payouts = await feed<PayoutDoc>('/v1/erp/payouts?shop=pay');
    const paid = payouts.filter((p) => p.payoutId === scheduled);
    expect(paid.map((p) => [p.status, p.final])).toEqual([['PAID', true]]);
    // Ordered by last change: the paid and the new one come last.
    expect(
      payouts
        .slice(-2)
        .map((p) => p.payoutId)
        .sort(),
    ).toEqual([scheduled, next.id].sort());
    const rows = await query<{ status: string }>(
      db.url,
      `SELECT status FROM erp_payouts WHERE "payoutId" = $1`,
      [scheduled],
    );
    expect(rows).toEqual([{ status: 'PAID' }]);
    await eventually(async () => {
      const sent = onTopic('payout').filter((m) => m.doc.payoutId === scheduled);
      expect(sent.map((m) => m.doc.status)).toEqual(['SCHEDULED', 'PAID']);
      expect(new Set(sent.map((m) => m.key)).size).toBe(1);
      expect(onTopic('payout')).toHaveLength(5);
    }, 30_000);
    // Final now: not read again.
    setPayoutStatus(pay(), next.id, 'PAID');
    expect((await payments('pay')).payouts).toEqual({ created: 0, changed: 1, unchanged: 0 });
    expect((await payments('pay')).payouts).toEqual({ created: 0, changed: 0, unchanged: 0 });
  }, 300_000);

  it('records each balance transaction once across re-runs', async () => {
    for (let i = 0; i < 2; i++)
      expect((await payments('pay')).balanceTransactions).toEqual({ recorded: 0, read: 0 });
    addBalanceTransaction(pay(), { type: 'ADJUSTMENT', amount: '-0.40' });
    expect((await payments('pay')).balanceTransactions).toEqual({ recorded: 1, read: 1 });
    expect((await payments('pay')).balanceTransactions).toEqual({ recorded: 0, read: 0 });
    expect(await count('erp_balance_transactions')).toBe(7);
    const txs = await feed<BalanceDoc>('/v1/erp/balance-transactions?shop=pay');
    expect(new Set(txs.map((t) => t.transactionId)).size).toBe(7);
    expect(txs).toHaveLength(7);
    await eventually(async () => expect(onTopic('balance-transaction')).toHaveLength(7), 30_000);
  }, 300_000);

  it('records each balance transaction once when the worker is SIGKILLed mid-run', async () => {
    const before = await count('erp_balance_transactions');
    const ADDED = 450; // three pages of 150
    for (let i = 0; i < ADDED; i++)
      addBalanceTransaction(pay(), {
        amount: `${1 + (i % 90)}.${String(i % 100).padStart(2, '0')}`,
        fee: '0.30',
      });
    sim.addFaults(SHOPS.pay.domain, [
      // Slow pages, so the kill lands between the first page and the last even on a busy machine.
      { operationName: 'ShopifyPaymentsBalanceTransactionsSince', latencyMs: 5000 },
    ]);
    const res = await api<Job>('POST', '/v1/shops/pay/syncs', { task: 'payments', force: true });
    expect(res.status).toBe(202);
    await eventually(
      async () => {
        if ((await count('erp_balance_transactions')) <= before) throw new Error('no page yet');
      },
      60_000,
      50,
    );
    const [worker] = stack.running('sync-worker');
    await stack.stopApp(worker, 'SIGKILL');
    let mid: number;
    try {
      mid = await count('erp_balance_transactions');
    } finally {
      // A worker again whatever the checks say: the specs after this one need it.
      sim.clearFaults(SHOPS.pay.domain);
      await stack.waitReady(await stack.startApp('sync-worker'));
    }
    expect(mid).toBeGreaterThan(before);
    expect(mid).toBeLessThan(before + ADDED);
    const job = await waitForJobEnd(stack, res.body.id, 180_000);
    expect({ status: job.status, error: job.error }).toEqual({ status: 'succeeded', error: null });
    expect(job.attempt).toBeGreaterThan(1);
    expect(await count('erp_balance_transactions')).toBe(before + ADDED);
    const txs = await feed<BalanceDoc>('/v1/erp/balance-transactions?shop=pay', 500);
    expect(txs).toHaveLength(before + ADDED);
    expect(new Set(txs.map((t) => t.transactionId)).size).toBe(before + ADDED);
    // Published with the row that records it: one key per transaction (Kafka may repeat one).
    await eventually(async () => {
      expect(new Set(onTopic('balance-transaction').map((m) => m.key)).size).toBe(before + ADDED);
    }, 60_000);
    expect((await payments('pay')).balanceTransactions).toEqual({ recorded: 0, read: 0 });
  }, 300_000);

  it('follows a dispute through its statuses until final', async () => {
    const [open] = await feed<DisputeDoc>('/v1/erp/disputes?shop=pay');
    setDisputeStatus(pay(), open.disputeId, 'UNDER_REVIEW');
    expect((await payments('pay')).disputes).toEqual({ created: 0, changed: 1, unchanged: 0 });
    setDisputeStatus(pay(), open.disputeId, 'WON');
    expect((await payments('pay')).disputes).toEqual({ created: 0, changed: 1, unchanged: 0 });
    expect((await payments('pay')).disputes).toEqual({ created: 0, changed: 0, unchanged: 0 });
    const [won] = await feed<DisputeDoc>('/v1/erp/disputes?shop=pay');
    expect(won).toMatchObject({ id: open.id, status: 'WON', final: true });
    expect(won.finalizedOn).toEqual(expect.any(String));
    await eventually(async () => {
      const sent = onTopic('dispute');
      expect(sent.map((m) => m.doc.status)).toEqual(['NEEDS_RESPONSE', 'UNDER_REVIEW', 'WON']);
      expect(new Set(sent.map((m) => m.key)).size).toBe(1);
    }, 30_000);
  }, 300_000);

  it('notes "not available" for a shop without Shopify Payments and one without its scopes', async () => {
    const none = await payments('nopay');
    expect(none).toEqual({
      available: false,
      note: expect.stringMatching(/not available: the shop has no Shopify Payments account/),
    });
    const denied = await payments('noscope');
    expect(denied.available).toBe(false);
    expect(denied.note).toMatch(
      /not available: the app lacks read_shopify_payments_disputes, read_shopify_payments_payouts/,
    );
    for (const path of ['payouts', 'balance-transactions', 'disputes'])
      for (const shop of ['nopay', 'noscope'])
        expect(await feed(`/v1/erp/${path}?shop=${shop}`)).toEqual([]);
  }, 240_000);
});
