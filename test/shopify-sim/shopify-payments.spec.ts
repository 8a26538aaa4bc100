import {
  SHOPIFY_PAYMENTS_ACCOUNT,
  SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE,
  SHOPIFY_PAYMENTS_DISPUTES_SINCE,
  SHOPIFY_PAYMENTS_OPEN_DISPUTES,
  SHOPIFY_PAYMENTS_OPEN_PAYOUTS,
  SHOPIFY_PAYMENTS_PAYOUTS_SINCE,
} from '../../apps/sync-worker/src/tasks/payments/shopify-payments.graphql';
import { PAGE } from '../../apps/sync-worker/src/tasks/payments/shopify-payments.sync';
import { simControl, simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';
import {
  addBalanceTransaction,
  addDispute,
  addPayout,
  seedShopifyPayments,
  setDisputeStatus,
  setPayoutStatus,
} from './state/shopify-payments';

// shopifyPaymentsAccount { balance, payouts, balanceTransactions, disputes } and the root
// `disputes`, with the payments task's own documents: seed data, `id:>` filters with sortKey ID,
// status changes read back by id, the scope it needs, a shop without Shopify Payments, and
// fields not modelled.

type Money = { amount: string; currencyCode: string };
interface Payout {
  id: string;
  legacyResourceId: string;
  status: string;
  net: Money;
  summary: { chargesGross: { amount: string }; chargesFee: { amount: string } };
}
interface Tx {
  id: string;
  type: string;
  amount: Money;
  fee: Money;
  net: Money;
  associatedOrder: { id: string; name: string } | null;
  associatedPayout: { id: string | null; status: string | null };
}
interface Dispute {
  id: string;
  status: string;
  amount: Money;
  reasonDetails: { reason: string };
  order: { id: string; name: string } | null;
  finalizedOn: string | null;
}
type Conn<T> = { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

describe('shopify-sim: Shopify Payments', () => {
  let sim: ShopifySimulator;
  const DOMAIN = 'payments-sim.myshopify.com';
  const NONE = 'no-payments-sim.myshopify.com';
  const gql = <T>(token: string, query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  beforeAll(async () => {
    sim = await startShopifySimulator();
    sim.createShop({
      domain: DOMAIN,
      accessToken: 'tok-pay',
      currencyCode: 'CAD',
      seed: { products: 2, variantsPerProduct: 1, locations: 1, customers: 2, orders: 3, seed: 7 },
    });
    sim.createShop({ domain: NONE, accessToken: 'tok-none', shopifyPayments: false });
    seedShopifyPayments(sim.shop(DOMAIN));
  });
  afterAll(() => sim.close());

  it('answers the account with the shop currency, and null without Shopify Payments', async () => {
    const res = await gql<{
      shop: { currencyCode: string };
      shopifyPaymentsAccount: { activated: boolean; defaultCurrency: string } | null;
    }>('tok-pay', SHOPIFY_PAYMENTS_ACCOUNT);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      shop: { currencyCode: 'CAD' },
      shopifyPaymentsAccount: expect.objectContaining({ activated: true, defaultCurrency: 'CAD' }),
    });
    const none = await gql('tok-none', SHOPIFY_PAYMENTS_ACCOUNT);
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data).toMatchObject({ shopifyPaymentsAccount: null });
    const disputes = await gql<{ disputes: Conn<Dispute> }>(
      'tok-none',
      SHOPIFY_PAYMENTS_DISPUTES_SINCE,
      { first: 10 },
    );
    expect(disputes.body.data?.disputes.nodes).toEqual([]);
  });

  it('pages payouts by id with their net and summary, within 1,000 points', async () => {
    const res = await gql<{ shopifyPaymentsAccount: { payouts: Conn<Payout> } }>(
      'tok-pay',
      SHOPIFY_PAYMENTS_PAYOUTS_SINCE,
      { first: PAGE.payouts, query: null },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions!.cost.requestedQueryCost).toBeLessThanOrEqual(1000);
    const payouts = res.body.data!.shopifyPaymentsAccount.payouts.nodes;
    expect(payouts.map((p) => p.status)).toEqual(['PAID', 'FAILED', 'SCHEDULED']);
    // 25.00 − 1.00, 35.00 − 1.10, 45.00 − 1.20
    expect(payouts.map((p) => p.net)).toEqual([
      { amount: '24.00', currencyCode: 'CAD' },
      { amount: '33.90', currencyCode: 'CAD' },
      { amount: '43.80', currencyCode: 'CAD' },
    ]);
    expect(payouts[0].summary).toMatchObject({
      chargesGross: { amount: '25.00' },
      chargesFee: { amount: '1.00' },
    });
    const after = await gql<{ shopifyPaymentsAccount: { payouts: Conn<Payout> } }>(
      'tok-pay',
      SHOPIFY_PAYMENTS_PAYOUTS_SINCE,
      { first: 10, query: `id:>${payouts[1].legacyResourceId}` },
    );
    expect(after.body.data!.shopifyPaymentsAccount.payouts.nodes.map((p) => p.id)).toEqual([
      payouts[2].id,
    ]);
  });

  it('pages balance transactions by id, linked to orders and payouts', async () => {
    const res = await gql<{ shopifyPaymentsAccount: { balanceTransactions: Conn<Tx> } }>(
      'tok-pay',
      SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE,
      { first: PAGE.balanceTransactions, query: null },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions!.cost.requestedQueryCost).toBeLessThanOrEqual(1000);
    const txs = res.body.data!.shopifyPaymentsAccount.balanceTransactions.nodes;
    expect(txs.map((t) => t.type)).toEqual(['CHARGE', 'CHARGE', 'CHARGE', 'REFUND', 'ADJUSTMENT']);
    expect(txs[0].associatedOrder?.name).toMatch(/^#\d+/);
    expect(txs[0].associatedPayout.status).toBe('PAID');
    expect(txs[3]).toMatchObject({
      amount: { amount: '-5.00' },
      net: { amount: '-5.00' },
      associatedPayout: { id: null, status: 'PENDING' },
    });
    expect(txs[4].associatedOrder).toBeNull();
    const number = (id: string) => id.split('/').pop();
    const since = await gql<{ shopifyPaymentsAccount: { balanceTransactions: Conn<Tx> } }>(
      'tok-pay',
      SHOPIFY_PAYMENTS_BALANCE_TRANSACTIONS_SINCE,
      { first: 2, query: `id:>${number(txs[1].id)}` },
    );
    const page = since.body.data!.shopifyPaymentsAccount.balanceTransactions;
    expect(page.nodes.map((t) => t.id)).toEqual([txs[2].id, txs[3].id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('moves a payout and a dispute, read back by id', async () => {
    const shop = sim.shop(DOMAIN);
    const t = addBalanceTransaction(shop, { amount: '10.00', fee: '0.59' });
    const payout = addPayout(shop, { transactionIds: [t.id] });
    const dispute = addDispute(shop, { amount: '12.34', reason: 'FRAUDULENT' });
    setPayoutStatus(shop, payout.id, 'PAID');
    setDisputeStatus(shop, dispute.id, 'WON');
    const p = await gql<{ nodes: Payout[] }>('tok-pay', SHOPIFY_PAYMENTS_OPEN_PAYOUTS, {
      ids: [payout.id],
    });
    const d = await gql<{ nodes: Dispute[] }>('tok-pay', SHOPIFY_PAYMENTS_OPEN_DISPUTES, {
      ids: [dispute.id],
    });
    expect([p.body.errors, d.body.errors]).toEqual([undefined, undefined]);
    expect(p.body.extensions!.cost.requestedQueryCost).toBeLessThanOrEqual(1000);
    expect([...p.body.data!.nodes, ...d.body.data!.nodes]).toEqual([
      expect.objectContaining({
        id: payout.id,
        status: 'PAID',
        net: { amount: '9.41', currencyCode: 'CAD' },
      }),
      expect.objectContaining({
        id: dispute.id,
        status: 'WON',
        amount: { amount: '12.34', currencyCode: 'CAD' },
        finalizedOn: expect.any(String),
      }),
    ]);
    const open = await gql<{ disputes: Conn<Dispute> }>(
      'tok-pay',
      SHOPIFY_PAYMENTS_DISPUTES_SINCE,
      {
        first: 10,
        query: 'status:needs_response',
      },
    );
    expect(open.body.data!.disputes.nodes.map((d) => d.reasonDetails.reason)).toEqual([
      'PRODUCT_NOT_RECEIVED',
    ]);
    expect(open.body.data!.disputes.nodes[0].order?.id).toMatch(/Order/);
  });

  it('asks for read_shopify_payments_payouts and read_shopify_payments_disputes', async () => {
    sim.createShop({
      domain: 'payments-scopes.myshopify.com',
      accessToken: 'tok-scopes',
      accessScopes: ['read_orders'],
    });
    const account = await gql('tok-scopes', SHOPIFY_PAYMENTS_ACCOUNT);
    expect(account.body.errors?.[0].extensions).toMatchObject({
      code: 'ACCESS_DENIED',
      requiredAccess: '`read_shopify_payments_payouts` access scope.',
    });
    const disputes = await gql('tok-scopes', SHOPIFY_PAYMENTS_DISPUTES_SINCE, { first: 1 });
    expect(disputes.body.errors?.[0].extensions).toMatchObject({
      code: 'ACCESS_DENIED',
      requiredAccess: '`read_shopify_payments_disputes` access scope.',
    });
  });

  it('answers NOT_IMPLEMENTED_IN_SIMULATOR for what it does not model', async () => {
    const res = await gql('tok-pay', '{ shopifyPaymentsAccount { payoutSchedule { interval } } }');
    expect(res.body.errors?.[0].extensions?.code).toBe('NOT_IMPLEMENTED_IN_SIMULATOR');
  });

  it('drives the account through the control API', async () => {
    const base = `/shops/${NONE}/shopify-payments`;
    expect((await simControl(sim.url, 'GET', base)).body).toEqual({ enabled: false });
    expect((await simControl(sim.url, 'PUT', base, { enabled: true })).status).toBe(200);
    const tx = await simControl<{ id: string }>(sim.url, 'POST', `${base}/balance-transactions`, {
      amount: '20.00',
      fee: '0.88',
    });
    expect(tx.status).toBe(201);
    const payout = await simControl<{ id: string; status: string }>(
      sim.url,
      'POST',
      `${base}/payouts`,
      {},
    );
    expect(payout.body.status).toBe('SCHEDULED');
    const paid = await simControl<{ status: string }>(
      sim.url,
      'PATCH',
      `${base}/payouts/${encodeURIComponent(payout.body.id)}`,
      { status: 'PAID' },
    );
    expect(paid.body.status).toBe('PAID');
    const state = await simControl<{ balance: string; payouts: unknown[] }>(sim.url, 'GET', base);
    expect(state.body).toMatchObject({ balance: '0.00', payouts: [expect.anything()] });
  });
});
