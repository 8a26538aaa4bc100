import { filterBySearch } from '../query-filter';
import { formatCents } from '../state/money';
import {
  BalanceTransactionRecord,
  DisputeRecord,
  PayoutRecord,
  ShopifyPaymentsAccountState,
} from '../state/shopify-payments';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { idNumber, moneyV2, page } from './helpers';

// shopifyPaymentsAccount { balance, payouts, balanceTransactions, disputes } and the root
// `disputes`. Fields not listed here (bank accounts, payout schedule, dispute evidence, …)
// answer NOT_IMPLEMENTED_IN_SIMULATOR through the default resolver.

const money = (cents: number, shop: ShopState) =>
  moneyV2(formatCents(cents), shop.shopifyPayments?.defaultCurrency ?? shop.currencyCode);

function disputesOf(acc: ShopifyPaymentsAccountState | null, args: Args, ctx: SimContext) {
  const all = acc ? [...acc.disputes.values()] : [];
  const matching = filterBySearch(all, args.query as string | null, {
    id: (d) => idNumber(d.id),
    status: (d) => d.status,
    initiated_at: (d) => d.initiatedAt,
  });
  return page(matching, args, ctx);
}

const ShopifyPaymentsAccount: TypeResolvers<ShopifyPaymentsAccountState> = {
  id: (a) => a.id,
  activated: (a) => a.activated,
  defaultCurrency: (a) => a.defaultCurrency,
  balance: (a, _args, ctx) => [money(a.balanceCents(), ctx.shop)],
  payouts: (a, args, ctx) => {
    const matching = filterBySearch([...a.payouts.values()], args.query as string | null, {
      id: (p) => idNumber(p.id),
      status: (p) => p.status.toLowerCase(),
      issued_at: (p) => p.issuedAt,
      currency: () => a.defaultCurrency,
    });
    const net = (p: PayoutRecord) => a.transactionsOf(p).reduce((s, t) => s + a.netOf(t), 0);
    return page(matching, { sortKey: 'ISSUED_AT', ...args }, ctx, {
      ID: (p) => idNumber(p.id),
      ISSUED_AT: (p) => p.issuedAt,
      STATUS: (p) => p.status,
      AMOUNT: (p) => net(p),
    });
  },
  balanceTransactions: (a, args, ctx) => {
    const all = [...a.balanceTransactions.values()].filter(
      (t) => !(args.hideTransfers === true && t.type === 'TRANSFER'),
    );
    const payoutStatus = (t: BalanceTransactionRecord) =>
      t.payoutId ? (a.payouts.get(t.payoutId)?.status ?? null) : 'PENDING';
    const matching = filterBySearch(all, args.query as string | null, {
      id: (t) => idNumber(t.id),
      processed_at: (t) => t.transactionDate,
      transaction_type: (t) => t.type.toLowerCase(),
      payments_transfer_id: (t) => (t.payoutId ? idNumber(t.payoutId) : null),
      payout_status: (t) => payoutStatus(t)?.toLowerCase(),
      currency: () => a.defaultCurrency,
    });
    return page(matching, { sortKey: 'PROCESSED_AT', ...args }, ctx, {
      ID: (t) => idNumber(t.id),
      PROCESSED_AT: (t) => t.transactionDate,
      AMOUNT: (t) => t.amountCents,
      FEE: (t) => t.feeCents,
      NET: (t) => a.netOf(t),
      TRANSACTION_TYPE: (t) => t.type,
    });
  },
  disputes: (a, args, ctx) => disputesOf(a, args, ctx),
};

function payoutNet(p: PayoutRecord, shop: ShopState) {
  const acc = shop.shopifyPayments!;
  return money(
    acc.transactionsOf(p).reduce((s, t) => s + acc.netOf(t), 0),
    shop,
  );
}

const ShopifyPaymentsPayout: TypeResolvers<PayoutRecord> = {
  legacyResourceId: (p) => p.legacyResourceId,
  net: (p, _a, ctx) => payoutNet(p, ctx.shop),
  // Deprecated in favour of net; Shopify answers the same amount.
  gross: (p, _a, ctx) => payoutNet(p, ctx.shop),
  summary: (p, _a, ctx) => {
    const acc = ctx.shop.shopifyPayments!;
    const sum = (types: string[], pick: (t: BalanceTransactionRecord) => number) =>
      money(
        acc
          .transactionsOf(p)
          .filter((t) => types.includes(t.type))
          .reduce((s, t) => s + pick(t), 0),
        ctx.shop,
      );
    const gross = (t: BalanceTransactionRecord) => t.amountCents;
    const fee = (t: BalanceTransactionRecord) => t.feeCents;
    const zero = money(0, ctx.shop);
    return {
      chargesGross: sum(['CHARGE'], gross),
      chargesFee: sum(['CHARGE'], fee),
      refundsFeeGross: sum(['REFUND'], gross),
      refundsFee: sum(['REFUND'], fee),
      adjustmentsGross: sum(['ADJUSTMENT'], gross),
      adjustmentsFee: sum(['ADJUSTMENT'], fee),
      advanceGross: zero,
      advanceFees: zero,
      reservedFundsGross: zero,
      reservedFundsFee: zero,
      retriedPayoutsGross: zero,
      retriedPayoutsFee: zero,
      usdcRebateCreditAmount: zero,
    };
  },
};

const ShopifyPaymentsBalanceTransaction: TypeResolvers<BalanceTransactionRecord> = {
  amount: (t, _a, ctx) => money(t.amountCents, ctx.shop),
  fee: (t, _a, ctx) => money(t.feeCents, ctx.shop),
  net: (t, _a, ctx) => money(t.amountCents - t.feeCents, ctx.shop),
  associatedOrder: (t, _a, ctx) => {
    const order = t.orderId ? ctx.shop.orders.get(t.orderId) : undefined;
    return order ? { id: order.id, name: order.name } : null;
  },
  associatedPayout: (t, _a, ctx) => ({
    id: t.payoutId,
    status: t.payoutId
      ? (ctx.shop.shopifyPayments?.payouts.get(t.payoutId)?.status ?? null)
      : 'PENDING',
  }),
  adjustmentReason: (t) => (t.type === 'ADJUSTMENT' ? 'adjustment' : null),
  adjustmentsOrders: () => [],
};

const ShopifyPaymentsDispute: TypeResolvers<DisputeRecord> = {
  legacyResourceId: (d) => d.legacyResourceId,
  amount: (d, _a, ctx) => money(d.amountCents, ctx.shop),
  order: (d, _a, ctx) => (d.orderId ? (ctx.shop.orders.get(d.orderId) ?? null) : null),
  reasonDetails: (d) => ({ reason: d.reason, networkReasonCode: null }),
};

export function findShopifyPaymentsNode(shop: ShopState, id: string): unknown {
  const acc = shop.shopifyPayments;
  return acc?.payouts.get(id) ?? acc?.disputes.get(id) ?? acc?.balanceTransactions.get(id);
}

export const shopifyPaymentsResolvers: ResolverMap = {
  QueryRoot: {
    shopifyPaymentsAccount: (_p: unknown, _a: Args, ctx: SimContext) =>
      ctx.shop.shopifyPayments ?? null,
    disputes: (_p: unknown, args: Args, ctx: SimContext) =>
      disputesOf(ctx.shop.shopifyPayments, args, ctx),
    dispute: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.shopifyPayments?.disputes.get(String(args.id)) ?? null,
  },
  ShopifyPaymentsAccount,
  ShopifyPaymentsPayout,
  ShopifyPaymentsBalanceTransaction,
  ShopifyPaymentsDispute,
};
