import { purchasingCompanyOf } from './companies';
import { gid } from '../gid';
import { addressFromInput, createCustomer, findCustomerBy } from './customers';
import { converted, formatCents, minus, MoneyPair, perSide, toCents, ZERO } from './money';
import { SimOrderInput, SimOrderLineInput, SimShippingLineInput } from './order-inputs';
import { orderMoney, orderTotals } from './order-money';
import { applyDiscounts, applyLineTaxes, defaultTaxes, taxLinesFor } from './order-pricing';
import {
  AttributeRecord,
  FinancialStatus,
  LineItemRecord,
  OrderRecord,
  ShippingLineRecord,
  TransactionRecord,
} from './records';
import { ShopState } from './shop-state';

// Orders enter the simulator the way they enter Shopify: from "outside" (the control API or
// the seed), never through the sync engine. Creating one commits stock at the fulfilling
// location and opens fulfillment orders; fulfilling them takes the stock off hand.

export * from './order-inputs';
export { orderTotals };

export function displayFulfillmentStatus(order: OrderRecord): string {
  const ordered = order.lineItems.reduce((s, li) => s + li.quantity, 0);
  const fulfilled = order.fulfillments
    .filter((f) => f.status === 'SUCCESS')
    .reduce((s, f) => s + f.lineItems.reduce((a, l) => a + l.quantity, 0), 0);
  if (ordered > 0 && fulfilled >= ordered) return 'FULFILLED';
  if (fulfilled > 0) return 'PARTIALLY_FULFILLED';
  return 'UNFULFILLED';
}

function findVariant(shop: ShopState, line: SimOrderLineInput) {
  if (line.variantId) return shop.variants.get(line.variantId);
  if (line.sku) for (const v of shop.variants.values()) if (v.sku === line.sku) return v;
  return undefined;
}

// The first location (by id) stocking the item with enough available, else the first stocking it.
function fulfillingLocation(
  shop: ShopState,
  inventoryItemId: string | null,
  quantity: number,
  preferred?: string,
): string {
  if (preferred && shop.locations.has(preferred)) return preferred;
  const locations = [...shop.locations.values()]
    .filter((l) => l.isActive)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const levels = inventoryItemId ? locations.map((l) => shop.getLevel(inventoryItemId, l.id)) : [];
  const enough = levels.find((l) => l && l.quantities.available >= quantity);
  const stocked = levels.find((l) => l);
  const id = enough?.locationId ?? stocked?.locationId ?? locations[0]?.id;
  if (!id) throw new Error('shopify-sim: the shop has no active location to fulfil orders from');
  return id;
}

export function buildLineItem(
  shop: ShopState,
  line: SimOrderLineInput,
  rate: number,
): LineItemRecord {
  if (!Number.isInteger(line.quantity) || line.quantity < 1)
    throw new Error('shopify-sim: a line item quantity is a whole number of at least 1');
  const variant = findVariant(shop, line);
  if ((line.variantId || line.sku) && !variant)
    throw new Error(`shopify-sim: no variant ${line.variantId ?? line.sku}`);
  const product = variant ? shop.products.get(variant.productId) : undefined;
  const unit = toCents(line.price ?? variant?.price ?? 0);
  const giftCard = line.giftCard ?? false;
  return {
    id: gid('LineItem', shop.nextId()),
    variantId: variant?.id ?? null,
    productId: product?.id ?? null,
    sku: variant?.sku ?? null,
    title: line.title ?? product?.title ?? (giftCard ? 'Gift card' : 'Custom item'),
    variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
    vendor: product?.vendor ?? null,
    quantity: line.quantity,
    removedQuantity: 0,
    price: formatCents(unit),
    unitPrice: converted(unit, rate),
    taxable: giftCard ? false : (variant?.taxable ?? true),
    requiresShipping: line.requiresShipping ?? !giftCard,
    isGiftCard: giftCard,
    customAttributes: (line.customAttributes ?? []).map((a) => ({ ...a })),
    discountAllocations: [],
    taxLines: [],
  };
}

function transactionsFor(
  shop: ShopState,
  status: FinancialStatus,
  total: MoneyPair,
  giftCard: MoneyPair,
  at: string,
): TransactionRecord[] {
  const tx = (
    kind: TransactionRecord['kind'],
    amount: MoneyPair,
    parentId: string | null = null,
    gateway = 'bogus',
  ): TransactionRecord => ({
    id: gid('OrderTransaction', shop.nextId()),
    kind,
    status: 'SUCCESS',
    gateway,
    amount: formatCents(amount.shop),
    presentmentAmount: formatCents(amount.presentment),
    parentId,
    authorizationCode: kind === 'AUTHORIZATION' ? `AUTH-${shop.nextId()}` : null,
    test: true,
    createdAt: at,
    processedAt: at,
  });
  const paidByCard = giftCard.shop > 0 ? [tx('SALE', giftCard, null, 'gift_card')] : [];
  const rest = minus(total, giftCard);
  switch (status) {
    case 'PAID':
      return [...paidByCard, tx('SALE', rest)];
    case 'AUTHORIZED':
      return [...paidByCard, tx('AUTHORIZATION', rest)];
    case 'PARTIALLY_PAID':
      return paidByCard.length
        ? paidByCard
        : [
            tx(
              'SALE',
              perSide((s) => Math.round(total[s] / 2)),
            ),
          ];
    case 'REFUNDED': {
      const sale = tx('SALE', total);
      return [sale, tx('REFUND', total, sale.id)];
    }
    default:
      return paidByCard;
  }
}

export function createOrder(shop: ShopState, input: SimOrderInput): OrderRecord {
  if (!input.lineItems.length)
    throw new Error('shopify-sim: an order needs at least one line item');
  const at = input.processedAt ?? shop.now();
  const rate = input.presentmentCurrency ? (input.exchangeRate ?? 1) : 1;
  if (!(rate > 0)) throw new Error('shopify-sim: exchangeRate is above 0');
  const taxesIncluded = input.taxesIncluded ?? true;
  const lineItems = input.lineItems.map((line) => buildLineItem(shop, line, rate));
  const shippingInputs: SimShippingLineInput[] =
    input.shippingLines ??
    (toCents(input.shippingPrice ?? 0) > 0
      ? [
          {
            title: 'Standard',
            code: 'standard',
            source: 'shopify',
            price: input.shippingPrice ?? 0,
          },
        ]
      : []);
  const shippingLines: ShippingLineRecord[] = shippingInputs.map((s) => ({
    id: gid('ShippingLine', shop.nextId()),
    title: s.title ?? 'Standard',
    code: s.code === undefined ? 'standard' : s.code,
    source: s.source === undefined ? 'shopify' : s.source,
    originalPrice: converted(toCents(s.price), rate),
    discountAllocations: [],
    taxLines: [],
  }));

  const purchasingCompany = input.purchasingCompany
    ? purchasingCompanyOf(shop, input.purchasingCompany)
    : null;
  const contact = purchasingCompany?.contactId
    ? shop.companyContacts.get(purchasingCompany.contactId)
    : undefined;
  let customerId = contact?.customerId ?? input.customerId ?? null;
  if (!customerId && input.email) {
    const known = findCustomerBy(shop, 'email', input.email);
    customerId =
      known?.id ??
      createCustomer(shop, {
        email: input.email,
        firstName: input.shippingAddress?.firstName,
        lastName: input.shippingAddress?.lastName,
      }).customer?.id ??
      null;
  }
  const customer = customerId ? shop.customers.get(customerId) : undefined;
  const number = shop.nextOrderNumber();
  const order: OrderRecord = {
    id: gid('Order', shop.nextId()),
    number: number - 1000,
    name: `#${number}`,
    email: input.email ?? customer?.email ?? null,
    phone: input.phone ?? customer?.phone ?? null,
    customerId: customer?.id ?? null,
    purchasingCompany,
    currencyCode: shop.currencyCode,
    presentmentCurrencyCode: input.presentmentCurrency ?? shop.currencyCode,
    exchangeRate: rate,
    financialStatus: input.financialStatus ?? 'PAID',
    lineItems,
    shippingLines,
    discountApplications: [],
    shippingAddress: input.shippingAddress
      ? addressFromInput(shop, input.shippingAddress, 'Address')
      : null,
    billingAddress: input.billingAddress
      ? addressFromInput(shop, input.billingAddress, 'Address')
      : null,
    tip: converted(toCents(input.tip ?? 0), rate),
    taxesIncluded,
    originalTotal: ZERO,
    note: input.note ?? null,
    tags: input.tags ?? [],
    customAttributes: (input.customAttributes ?? []).map((a) => ({ ...a })),
    risk: input.risk ?? 'ACCEPT',
    edited: false,
    refunds: [],
    returns: [],
    metafields: [],
    test: input.test ?? false,
    sourceName: 'web',
    transactions: [],
    fulfillmentOrders: [],
    fulfillments: [],
    createdAt: at,
    updatedAt: at,
    processedAt: at,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
  };
  order.discountApplications = applyDiscounts(order, input, rate);
  const fallback = defaultTaxes(input.taxRate ?? 0.21);
  lineItems.forEach((li, i) =>
    applyLineTaxes(li, input.lineItems[i].taxes ?? fallback, taxesIncluded, rate),
  );
  shippingLines.forEach((sl, i) => {
    const base =
      sl.originalPrice.shop - sl.discountAllocations.reduce((s, a) => s + a.amount.shop, 0);
    sl.taxLines = taxLinesFor(base, shippingInputs[i].taxes ?? [], taxesIncluded, rate);
  });
  const money = orderMoney(order);
  order.originalTotal = money.total;
  const giftCard = converted(Math.min(toCents(input.giftCardPayment ?? 0), money.total.shop), rate);
  order.transactions = transactionsFor(shop, order.financialStatus, money.total, giftCard, at);
  commitStock(shop, order, lineItems, at, input.locationId);
  shop.orders.set(order.id, order);
  return order;
}

// One fulfillment order per fulfilling location; stock is committed there.
export function commitStock(
  shop: ShopState,
  order: OrderRecord,
  lineItems: readonly LineItemRecord[],
  at: string,
  preferredLocation?: string,
): void {
  for (const li of lineItems) {
    const itemId = li.variantId ? (shop.variants.get(li.variantId)?.inventoryItemId ?? null) : null;
    const locationId = fulfillingLocation(shop, itemId, li.quantity, preferredLocation);
    const level = itemId ? shop.getLevel(itemId, locationId) : undefined;
    if (level) {
      level.quantities.available -= li.quantity;
      level.quantities.committed += li.quantity;
      level.updatedAt = at;
    }
    let fo = order.fulfillmentOrders.find(
      (f) => f.locationId === locationId && f.status === 'OPEN',
    );
    if (!fo) {
      fo = {
        id: gid('FulfillmentOrder', shop.nextId()),
        orderId: order.id,
        locationId,
        status: 'OPEN',
        requestStatus: 'UNSUBMITTED',
        lineItems: [],
        createdAt: at,
        updatedAt: at,
      };
      order.fulfillmentOrders.push(fo);
    }
    fo.lineItems.push({
      id: gid('FulfillmentOrderLineItem', shop.nextId()),
      lineItemId: li.id,
      totalQuantity: li.quantity,
      remainingQuantity: li.quantity,
    });
    fo.updatedAt = at;
  }
}

export interface OrderPatch {
  financialStatus?: FinancialStatus;
  cancel?: boolean;
  close?: boolean;
  note?: string | null;
  tags?: string[];
  email?: string | null;
  customAttributes?: AttributeRecord[];
}

export function updateOrder(shop: ShopState, order: OrderRecord, patch: OrderPatch): OrderRecord {
  const now = shop.now();
  if (patch.financialStatus && patch.financialStatus !== order.financialStatus) {
    if (patch.financialStatus === 'PAID' && order.financialStatus !== 'PAID') {
      const auth = order.transactions.find((t) => t.kind === 'AUTHORIZATION');
      const outstanding = orderMoney(order).outstanding;
      order.transactions.push({
        id: gid('OrderTransaction', shop.nextId()),
        kind: auth ? 'CAPTURE' : 'SALE',
        status: 'SUCCESS',
        gateway: 'bogus',
        amount: formatCents(outstanding.shop),
        presentmentAmount: formatCents(outstanding.presentment),
        parentId: auth?.id ?? null,
        authorizationCode: null,
        test: true,
        createdAt: now,
        processedAt: now,
      });
    }
    order.financialStatus = patch.financialStatus;
  }
  if (patch.cancel && !order.cancelledAt) {
    order.cancelledAt = now;
    order.cancelReason = 'CUSTOMER';
    order.closedAt = order.closedAt ?? now;
    for (const fo of order.fulfillmentOrders)
      if (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS') fo.status = 'CANCELLED';
  }
  if (patch.close) order.closedAt = order.closedAt ?? now;
  if (patch.note !== undefined) order.note = patch.note;
  if (patch.tags) order.tags = [...patch.tags];
  if (patch.email !== undefined) order.email = patch.email;
  if (patch.customAttributes)
    order.customAttributes = patch.customAttributes.map((a) => ({ ...a }));
  order.updatedAt = now;
  return order;
}
