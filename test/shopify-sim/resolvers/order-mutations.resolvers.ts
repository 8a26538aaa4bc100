import { GraphQLResolveInfo } from 'graphql';
import { gid, gidType } from '../gid';
import { notImplemented } from '../rule-enforcement';
import { toCents } from '../state/money';
import { createRefund, createReturn, RefundMoney, SimRefundInput } from '../state/order-changes';
import { MetafieldRecord, OrderRecord, RefundLineRecord } from '../state/records';
import { Args, ResolverMap, SimContext } from './context';
import { metafieldDigest, metafieldView, refundView, returnView } from './order-views';

// refundCreate, returnCreate and metafieldsSet on orders. refundCreate's required @idempotent
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

interface MetafieldInputArg {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

// The app's own namespace when none is given ($app → app--<app id>).
const APP_NAMESPACE = 'app--sim';

function valueProblem(type: string, value: string): string | null {
  switch (type) {
    case 'single_line_text_field':
      return /[\r\n]/.test(value) ? 'Value must be a single line of text.' : null;
    case 'number_integer':
      return /^-?\d+$/.test(value) ? null : 'Value must be an integer.';
    case 'number_decimal':
      return /^-?\d+(\.\d+)?$/.test(value) ? null : 'Value must be a decimal number.';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'Value must be true or false.';
    case 'json':
      try {
        JSON.parse(value);
        return null;
      } catch {
        return 'Value must be valid JSON.';
      }
    default:
      return null;
  }
}

function metafieldsSet(_: unknown, args: Args, ctx: SimContext, info: GraphQLResolveInfo) {
  const inputs = args.metafields as MetafieldInputArg[];
  const errors: { field: string[]; message: string; code: string; elementIndex: number }[] = [];
  const err = (i: number, field: string, message: string, code: string) =>
    errors.push({ field: ['metafields', String(i), field], message, code, elementIndex: i });
  if (inputs.length > 25)
    return {
      metafields: null,
      userErrors: [
        {
          field: ['metafields'],
          message: 'Exceeded the maximum metafields input limit of 25.',
          code: 'LESS_THAN_OR_EQUAL_TO',
          elementIndex: null,
        },
      ],
    };
  const planned: {
    order: OrderRecord;
    existing: MetafieldRecord | undefined;
    input: MetafieldInputArg;
    namespace: string;
    type: string;
  }[] = [];
  inputs.forEach((m, i) => {
    if (gidType(m.ownerId) !== 'Order')
      throw notImplemented(`metafieldsSet for ${gidType(m.ownerId) ?? 'this'} owners`, info);
    const order = ctx.shop.orders.get(m.ownerId);
    if (!order) return err(i, 'ownerId', 'Owner does not exist.', 'INVALID');
    const namespace =
      !m.namespace || m.namespace === '$app'
        ? APP_NAMESPACE
        : m.namespace.replace(/^\$app:/, `${APP_NAMESPACE}:`);
    if (namespace.length < 3)
      return err(i, 'namespace', 'Namespace is too short (minimum is 3 characters).', 'TOO_SHORT');
    if (m.key.length < 2)
      return err(i, 'key', 'Key is too short (minimum is 2 characters).', 'TOO_SHORT');
    const existing = order.metafields.find((x) => x.namespace === namespace && x.key === m.key);
    const type = m.type ?? existing?.type;
    if (!type) return err(i, 'type', "Type can't be blank.", 'BLANK');
    if (existing && m.type && m.type !== existing.type)
      return err(
        i,
        'type',
        `Type must be ${existing.type} (the metafield's type).`,
        'INVALID_TYPE',
      );
    if ('compareDigest' in m) {
      const current = existing ? metafieldDigest(existing.value) : null;
      if ((m.compareDigest ?? null) !== current)
        return err(
          i,
          'compareDigest',
          'The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.',
          'STALE_OBJECT',
        );
    }
    const problem = valueProblem(type, m.value);
    if (problem) return err(i, 'value', problem, 'INVALID_VALUE');
    planned.push({ order, existing, input: m, namespace, type });
  });
  // Atomic: nothing is written when any input fails.
  if (errors.length) return { metafields: null, userErrors: errors };
  const now = ctx.shop.now();
  const written = planned.map(({ order, existing, input, namespace, type }) => {
    const record = existing ?? {
      id: gid('Metafield', ctx.shop.nextId()),
      ownerId: order.id,
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: now,
      updatedAt: now,
    };
    if (existing) {
      existing.value = input.value;
      existing.updatedAt = now;
    } else order.metafields.push(record);
    ctx.shop.mutationCalls.push({ mutation: 'metafieldsSet', targetId: order.id, at: now });
    return metafieldView(ctx.shop, record);
  });
  return { metafields: written, userErrors: [] };
}

export const orderMutationResolvers: ResolverMap = {
  Mutation: { refundCreate, returnCreate, metafieldsSet },
};
