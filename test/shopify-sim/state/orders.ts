import { gid } from '../gid';
import { addressFromInput, createCustomer, findCustomerBy, MailingAddressInput } from './customers';
import { converted, formatCents, minus, MoneyPair, perSide, split, toCents, ZERO } from './money';
import { orderMoney, orderTotals } from './order-money';
import {
  AttributeRecord,
  DiscountAllocationRecord,
  DiscountApplicationRecord,
  FinancialStatus,
  LineItemRecord,
  OrderRecord,
  RiskRecommendation,
  ShippingLineRecord,
  TaxLineRecord,
  TransactionRecord,
} from './records';
import { ShopState } from './shop-state';

// Orders enter the simulator the way they enter Shopify: from "outside" (the control API or
// the seed), never through the sync engine. Creating one commits stock at the fulfilling
// location and opens fulfillment orders; fulfilling them takes the stock off hand.

export interface SimAttributeInput {
  key: string;
  value: string | null;
}

// A tax on a line or shipping line; rate is a fraction (0.21 for 21 %).
export interface SimTaxInput {
  title: string;
  rate: number;
  channelLiable?: boolean | null;
}

// A discount on one line only: a manual discount (EXPLICIT), a percentage (10 = 10 %) or a
// fixed amount for the line in shop money.
export interface SimLineDiscountInput {
  percentage?: number;
  amount?: string | number;
  title?: string;
  description?: string;
}

export interface SimOrderLineInput {
  variantId?: string;
  sku?: string;
  quantity: number;
  // Unit price in shop money; default the variant's price.
  price?: string | number;
  title?: string;
  // Default: one tax line `VAT` at the order's taxRate; gift cards and untaxable lines: none.
  taxes?: SimTaxInput[];
  discount?: SimLineDiscountInput;
  giftCard?: boolean;
  requiresShipping?: boolean;
  customAttributes?: SimAttributeInput[];
}

// An order-level discount. target 'order' (default): every non-gift-card line (ALL, ACROSS);
// 'lines': the lines at `lines` (indexes into lineItems; ENTITLED; a fixed amount is split
// ACROSS them or taken off EACH unit); 'shipping': the shipping lines (SHIPPING_LINE, EACH).
export interface SimDiscountInput {
  type?: 'code' | 'automatic' | 'manual';
  code?: string;
  title?: string;
  percentage?: number;
  amount?: string | number;
  target?: 'order' | 'lines' | 'shipping';
  lines?: number[];
  allocation?: 'ACROSS' | 'EACH';
}

export interface SimShippingLineInput {
  title?: string;
  code?: string | null;
  source?: string | null;
  price: string | number;
  taxes?: SimTaxInput[];
}

export interface SimOrderInput {
  lineItems: SimOrderLineInput[];
  customerId?: string;
  email?: string;
  phone?: string;
  financialStatus?: FinancialStatus;
  shippingAddress?: MailingAddressInput;
  billingAddress?: MailingAddressInput;
  // One untaxed "Standard" shipping line; ignored when shippingLines is given.
  shippingPrice?: string | number;
  shippingLines?: SimShippingLineInput[];
  // The default line tax rate (0.21).
  taxRate?: number;
  // Default true: prices include tax.
  taxesIncluded?: boolean;
  // The buyer's currency and presentment units per shop unit (default: the shop currency, 1).
  presentmentCurrency?: string;
  exchangeRate?: number;
  discounts?: SimDiscountInput[];
  // Shop money.
  tip?: string | number;
  // Paid with a gift card (gateway 'gift_card'), shop money; the rest is paid by 'bogus'.
  giftCardPayment?: string | number;
  customAttributes?: SimAttributeInput[];
  risk?: RiskRecommendation;
  note?: string;
  tags?: string[];
  test?: boolean;
  locationId?: string;
  processedAt?: string;
}

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

function taxLinesFor(
  base: number,
  taxes: readonly SimTaxInput[],
  taxesIncluded: boolean,
  rate: number,
): TaxLineRecord[] {
  const totalRate = taxes.reduce((s, t) => s + t.rate, 0);
  return taxes.map((t) => ({
    title: t.title,
    rate: t.rate,
    channelLiable: t.channelLiable ?? null,
    price: converted(
      Math.round(taxesIncluded ? (base * t.rate) / (1 + totalRate) : base * t.rate),
      rate,
    ),
  }));
}

export function defaultTaxes(taxRate: number): SimTaxInput[] {
  return taxRate > 0 ? [{ title: 'VAT', rate: taxRate }] : [];
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

// Line taxes on the amount after every discount (taxes included or added on top).
export function applyLineTaxes(
  li: LineItemRecord,
  taxes: readonly SimTaxInput[],
  taxesIncluded: boolean,
  rate: number,
): void {
  const base =
    li.unitPrice.shop * li.quantity - li.discountAllocations.reduce((s, a) => s + a.amount.shop, 0);
  li.taxLines = li.taxable ? taxLinesFor(base, taxes, taxesIncluded, rate) : [];
}

interface Allocatable {
  remaining: number;
  units: number;
  allocations: DiscountAllocationRecord[];
}

// Allocates one application over its targets in shop cents; presentment per allocation.
function allocate(
  application: DiscountApplicationRecord,
  targets: Allocatable[],
  amountCents: number | null,
  percentage: number | null,
  rate: number,
): void {
  let parts: number[];
  if (percentage !== null)
    parts = targets.map((t) => Math.min(t.remaining, Math.round((t.remaining * percentage) / 100)));
  else if (application.allocationMethod === 'EACH')
    parts = targets.map((t) => Math.min(t.remaining, (amountCents ?? 0) * t.units));
  else {
    const available = targets.reduce((s, t) => s + t.remaining, 0);
    parts = split(
      Math.min(amountCents ?? 0, available),
      targets.map((t) => t.remaining),
    );
  }
  targets.forEach((t, i) => {
    if (parts[i] <= 0) return;
    t.remaining -= parts[i];
    t.allocations.push({ applicationIndex: application.index, amount: converted(parts[i], rate) });
  });
}

function discountValue(
  input: { percentage?: number; amount?: string | number },
  rate: number,
): { value: DiscountApplicationRecord['value']; cents: number | null; percentage: number | null } {
  if (input.percentage !== undefined && input.amount === undefined) {
    if (input.percentage <= 0 || input.percentage > 100)
      throw new Error('shopify-sim: a discount percentage is above 0 and at most 100');
    return { value: { percentage: input.percentage }, cents: null, percentage: input.percentage };
  }
  if (input.amount !== undefined && input.percentage === undefined) {
    const cents = toCents(input.amount);
    if (cents <= 0) throw new Error('shopify-sim: a discount amount is above 0');
    return { value: { amount: converted(cents, rate) }, cents, percentage: null };
  }
  throw new Error('shopify-sim: a discount has either a percentage or an amount');
}

// Line-level (manual, EXPLICIT) discounts first, then the order's discounts in their order;
// each takes its share of what the earlier ones left.
function applyDiscounts(
  order: OrderRecord,
  input: SimOrderInput,
  rate: number,
): DiscountApplicationRecord[] {
  const applications: DiscountApplicationRecord[] = [];
  const lines: Allocatable[] = order.lineItems.map((li) => ({
    remaining: li.unitPrice.shop * li.quantity,
    units: li.quantity,
    allocations: li.discountAllocations,
  }));
  const ships: Allocatable[] = order.shippingLines.map((sl) => ({
    remaining: sl.originalPrice.shop,
    units: 1,
    allocations: sl.discountAllocations,
  }));
  input.lineItems.forEach((line, i) => {
    if (!line.discount) return;
    const v = discountValue(line.discount, rate);
    const application: DiscountApplicationRecord = {
      index: applications.length,
      kind: 'manual',
      code: null,
      title: line.discount.title ?? 'Line discount',
      description: line.discount.description ?? null,
      allocationMethod: v.percentage !== null ? 'ACROSS' : 'ONE',
      targetSelection: 'EXPLICIT',
      targetType: 'LINE_ITEM',
      value: v.value,
    };
    applications.push(application);
    allocate(application, [lines[i]], v.cents, v.percentage, rate);
  });
  for (const d of input.discounts ?? []) {
    const v = discountValue(d, rate);
    const kind = d.type ?? (d.code ? 'code' : 'automatic');
    if (kind === 'code' && !d.code) throw new Error('shopify-sim: a code discount needs a code');
    const target = d.target ?? 'order';
    const application: DiscountApplicationRecord = {
      index: applications.length,
      kind,
      code: kind === 'code' ? (d.code ?? null) : null,
      title: kind === 'code' ? null : (d.title ?? (kind === 'manual' ? 'Discount' : 'Automatic')),
      description: null,
      allocationMethod:
        target === 'shipping' ? 'EACH' : target === 'lines' ? (d.allocation ?? 'ACROSS') : 'ACROSS',
      targetSelection: target === 'lines' ? 'ENTITLED' : 'ALL',
      targetType: target === 'shipping' ? 'SHIPPING_LINE' : 'LINE_ITEM',
      value: v.value,
    };
    let targets: Allocatable[];
    if (target === 'shipping') targets = ships;
    else if (target === 'lines') {
      const indexes = d.lines ?? [];
      if (!indexes.length || indexes.some((i) => !lines[i]))
        throw new Error('shopify-sim: a lines discount names existing line indexes');
      targets = indexes.map((i) => lines[i]);
    } else targets = lines.filter((_, i) => !order.lineItems[i].isGiftCard);
    applications.push(application);
    allocate(application, targets, v.cents, v.percentage, rate);
  }
  return applications;
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

  let customerId = input.customerId ?? null;
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
