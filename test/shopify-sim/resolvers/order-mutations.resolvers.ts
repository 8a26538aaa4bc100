import { GraphQLResolveInfo } from 'graphql';
import { notImplemented } from '../rule-enforcement';
import { toCents } from '../state/money';
import { createRefund, createReturn, RefundMoney, SimRefundInput } from '../state/order-changes';
import { OrderRecord, RefundLineRecord } from '../state/records';
import { Args, ResolverMap, SimContext } from './context';
import { refundView, returnView } from './order-views';

// refundCreate and returnCreate on orders. refundCreate's required @idempotent
// key (and replay / mismatch) is enforced for every mutation by rule-enforcement.ts.

interface RefundInputArg {
  orderId: string;
  currency?: string | null;
  note?: string | null;
  processedAt?: string | null;
  shipping?: { amount?: string | null; fullRefund?: boolean | null } | null;
  refundLineItems?:
    | {
        lineItemId: string;
        quantity: number;
        restockType?: RefundLineRecord['restockType'] | null;
      }[]
    | null;
  transactions?:
    | { amount: string; gateway: string; kind: string; orderId: string; parentId?: string | null }[]
    | null;
  refundDuties?: unknown[] | null;
  refundMethods?: unknown[] | null;
}

// Amounts in a refund input are in `currency`: the presentment currency when the order has one
// that differs from the shop's (Shopify then requires `currency`).
function inShopCents(order: OrderRecord, amount: string, presentment: boolean): number {
  const cents = toCents(amount);
  return presentment ? Math.round(cents / order.exchangeRate) : cents;
}

function refundCreate(_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) {
  const input = args.input as RefundInputArg;
  const fail = (field: string[], message: string) => ({
    order: null,
    refund: null,
    userErrors: [{ field, message }],
  });
  if (input.refundDuties?.length) throw notImplemented('RefundInput.refundDuties', info);
  if (input.refundMethods?.length) throw notImplemented('RefundInput.refundMethods', info);
  const order = ctx.shop.orders.get(input.orderId);
  if (!order) return fail(['orderId'], 'Order does not exist');
  const multiCurrency = order.presentmentCurrencyCode !== order.currencyCode;
  if (multiCurrency && input.currency !== order.presentmentCurrencyCode)
    return fail(
      ['currency'],
      `Currency must be the presentment currency ${order.presentmentCurrencyCode} of this order.`,
    );
  if (!multiCurrency && input.currency && input.currency !== order.currencyCode)
    return fail(['currency'], `Currency must be ${order.currencyCode}.`);
  const presentment = multiCurrency;
  const txs = input.transactions ?? [];
  const badKind = txs.findIndex((t) => t.kind !== 'REFUND' || t.orderId !== order.id);
  if (badKind >= 0)
    return fail(['transactions', String(badKind)], 'Transactions must be refunds of this order.');
  const given = txs.reduce((s, t) => s + toCents(t.amount), 0);
  // Without transactions Shopify records the refund (quantities, restock) and moves no money.
  const money: RefundMoney = {
    amount: presentment
      ? { shop: Math.round(given / order.exchangeRate), presentment: given }
      : { shop: given, presentment: Math.round(given * order.exchangeRate) },
    gateway: txs[0]?.gateway ?? null,
  };
  const refundInput: SimRefundInput = {
    note: input.note ?? undefined,
    processedAt: input.processedAt ?? undefined,
    lineItems: (input.refundLineItems ?? []).map((l) => ({
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      restockType: l.restockType ?? undefined,
    })),
    shipping: input.shipping
      ? {
          fullRefund: input.shipping.fullRefund ?? undefined,
          amount:
            input.shipping.amount != null
              ? inShopCents(order, input.shipping.amount, presentment) / 100
              : undefined,
        }
      : undefined,
  };
  const result = createRefund(ctx.shop, order, refundInput, money);
  if (!result.refund) return { order: null, refund: null, userErrors: result.userErrors };
  ctx.shop.mutationCalls.push({ mutation: 'refundCreate', targetId: order.id, at: ctx.shop.now() });
  ctx.services.events.orderUpdated(ctx.shop, order);
  return { order, refund: refundView(ctx.shop, order, result.refund), userErrors: [] };
}

interface ReturnInputArg {
  orderId: string;
  requestedAt?: string | null;
  returnLineItems: {
    fulfillmentLineItemId: string;
    quantity: number;
    returnReasonNote?: string | null;
    returnReasonDefinitionId?: string | null;
    restockingFee?: unknown;
  }[];
  exchangeLineItems?: unknown[] | null;
  returnShippingFee?: unknown;
}

function returnCreate(_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) {
  const input = args.returnInput as ReturnInputArg;
  if (input.exchangeLineItems?.length) throw notImplemented('ReturnInput.exchangeLineItems', info);
  if (input.returnShippingFee) throw notImplemented('ReturnInput.returnShippingFee', info);
  if (input.returnLineItems.some((l) => l.returnReasonDefinitionId || l.restockingFee))
    throw notImplemented('ReturnLineItemInput.returnReasonDefinitionId / restockingFee', info);
  const order = ctx.shop.orders.get(input.orderId);
  if (!order)
    return {
      return: null,
      userErrors: [
        { field: ['returnInput', 'orderId'], message: 'Order does not exist.', code: 'NOT_FOUND' },
      ],
    };
  const result = createReturn(ctx.shop, order, {
    requestedAt: input.requestedAt ?? undefined,
    lineItems: input.returnLineItems.map((l) => ({
      fulfillmentLineItemId: l.fulfillmentLineItemId,
      quantity: l.quantity,
      returnReasonNote: l.returnReasonNote ?? undefined,
    })),
  });
  if (!result.return)
    return {
      return: null,
      userErrors: result.userErrors.map((e) => ({ ...e, field: ['returnInput', ...e.field] })),
    };
  ctx.shop.mutationCalls.push({ mutation: 'returnCreate', targetId: order.id, at: ctx.shop.now() });
  ctx.services.events.orderUpdated(ctx.shop, order);
  return { return: returnView(ctx.shop, order, result.return), userErrors: [] };
}

export const orderMutationResolvers: ResolverMap = {
  Mutation: { refundCreate, returnCreate },
};
