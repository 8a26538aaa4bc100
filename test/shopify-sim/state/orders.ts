import { gid } from '../gid';
import { addressFromInput, createCustomer, findCustomerBy, MailingAddressInput } from './customers';
import { FinancialStatus, LineItemRecord, OrderRecord, TransactionRecord } from './records';
import { ShopState } from './shop-state';

// Orders enter the simulator the way they enter Shopify: from "outside" (the control API or
// the seed), never through the sync engine. Creating one commits stock at the fulfilling
// location and opens fulfillment orders; fulfilling them takes the stock off hand.

export interface SimOrderLineInput {
  variantId?: string;
  sku?: string;
  quantity: number;
  price?: string | number;
  title?: string;
}

export interface SimOrderInput {
  lineItems: SimOrderLineInput[];
  customerId?: string;
  email?: string;
  phone?: string;
  financialStatus?: FinancialStatus;
  shippingAddress?: MailingAddressInput;
  billingAddress?: MailingAddressInput;
  shippingPrice?: string | number;
  taxRate?: number;
  note?: string;
  tags?: string[];
  test?: boolean;
  locationId?: string;
  processedAt?: string;
}

const money = (n: number): string => n.toFixed(2);

export function orderTotals(
  order: OrderRecord,
): Record<
  'subtotal' | 'discounts' | 'shipping' | 'tax' | 'total' | 'received' | 'refunded' | 'outstanding',
  string
> {
  const subtotalN = order.lineItems.reduce(
    (s, li) => s + Number(li.price) * li.quantity - Number(li.discount),
    0,
  );
  const discountsN = order.lineItems.reduce((s, li) => s + Number(li.discount), 0);
  const shippingN = Number(order.shippingPrice);
  const taxN = Number(order.totalTax);
  const totalN = subtotalN + shippingN + (order.taxesIncluded ? 0 : taxN);
  const sum = (kinds: TransactionRecord['kind'][]): number =>
    order.transactions
      .filter((t) => kinds.includes(t.kind) && t.status === 'SUCCESS')
      .reduce((s, t) => s + Number(t.amount), 0);
  const receivedN = sum(['SALE', 'CAPTURE']);
  const refundedN = sum(['REFUND']);
  return {
    subtotal: money(subtotalN),
    discounts: money(discountsN),
    shipping: money(shippingN),
    tax: money(taxN),
    total: money(totalN),
    received: money(receivedN),
    refunded: money(refundedN),
    outstanding: money(Math.max(0, totalN - receivedN + refundedN)),
  };
}

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

function transactionsFor(
  shop: ShopState,
  status: FinancialStatus,
  total: string,
  at: string,
): TransactionRecord[] {
  const tx = (
    kind: TransactionRecord['kind'],
    amount: string,
    parentId: string | null = null,
  ): TransactionRecord => ({
    id: gid('OrderTransaction', shop.nextId()),
    kind,
    status: 'SUCCESS',
    gateway: 'bogus',
    amount,
    parentId,
    authorizationCode: kind === 'AUTHORIZATION' ? `AUTH-${shop.nextId()}` : null,
    test: true,
    createdAt: at,
    processedAt: at,
  });
  switch (status) {
    case 'PAID':
      return [tx('SALE', total)];
    case 'AUTHORIZED':
      return [tx('AUTHORIZATION', total)];
    case 'PARTIALLY_PAID':
      return [tx('SALE', money(Number(total) / 2))];
    case 'REFUNDED': {
      const sale = tx('SALE', total);
      return [sale, tx('REFUND', total, sale.id)];
    }
    default:
      return [];
  }
}

export function createOrder(shop: ShopState, input: SimOrderInput): OrderRecord {
  if (!input.lineItems.length)
    throw new Error('shopify-sim: an order needs at least one line item');
  const at = input.processedAt ?? shop.now();
  const lineItems: LineItemRecord[] = input.lineItems.map((line) => {
    const variant = findVariant(shop, line);
    if ((line.variantId || line.sku) && !variant)
      throw new Error(`shopify-sim: no variant ${line.variantId ?? line.sku}`);
    const product = variant ? shop.products.get(variant.productId) : undefined;
    return {
      id: gid('LineItem', shop.nextId()),
      variantId: variant?.id ?? null,
      productId: product?.id ?? null,
      sku: variant?.sku ?? null,
      title: line.title ?? product?.title ?? 'Custom item',
      variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
      vendor: product?.vendor ?? null,
      quantity: line.quantity,
      price: money(Number(line.price ?? variant?.price ?? 0)),
      discount: '0.00',
      taxable: variant?.taxable ?? true,
      requiresShipping: true,
    };
  });

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
    financialStatus: input.financialStatus ?? 'PAID',
    lineItems,
    shippingAddress: input.shippingAddress
      ? addressFromInput(shop, input.shippingAddress, 'Address')
      : null,
    billingAddress: input.billingAddress
      ? addressFromInput(shop, input.billingAddress, 'Address')
      : null,
    shippingPrice: money(Number(input.shippingPrice ?? 0)),
    totalTax: '0.00',
    taxesIncluded: true,
    note: input.note ?? null,
    tags: input.tags ?? [],
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
  const subtotal = Number(orderTotals(order).subtotal);
  order.totalTax = money(subtotal - subtotal / (1 + (input.taxRate ?? 0.21)));
  order.transactions = transactionsFor(shop, order.financialStatus, orderTotals(order).total, at);

  // One fulfillment order per fulfilling location; stock is committed there.
  const byLocation = new Map<string, LineItemRecord[]>();
  for (const li of lineItems) {
    const itemId = li.variantId ? (shop.variants.get(li.variantId)?.inventoryItemId ?? null) : null;
    const locationId = fulfillingLocation(shop, itemId, li.quantity, input.locationId);
    byLocation.set(locationId, [...(byLocation.get(locationId) ?? []), li]);
    const level = itemId ? shop.getLevel(itemId, locationId) : undefined;
    if (level) {
      level.quantities.available -= li.quantity;
      level.quantities.committed += li.quantity;
      level.updatedAt = at;
    }
  }
  for (const [locationId, items] of byLocation) {
    order.fulfillmentOrders.push({
      id: gid('FulfillmentOrder', shop.nextId()),
      orderId: order.id,
      locationId,
      status: 'OPEN',
      lineItems: items.map((li) => ({
        id: gid('FulfillmentOrderLineItem', shop.nextId()),
        lineItemId: li.id,
        totalQuantity: li.quantity,
        remainingQuantity: li.quantity,
      })),
      createdAt: at,
      updatedAt: at,
    });
  }
  shop.orders.set(order.id, order);
  return order;
}

export interface OrderPatch {
  financialStatus?: FinancialStatus;
  cancel?: boolean;
  close?: boolean;
  note?: string | null;
  tags?: string[];
  email?: string | null;
}

export function updateOrder(shop: ShopState, order: OrderRecord, patch: OrderPatch): OrderRecord {
  const now = shop.now();
  if (patch.financialStatus && patch.financialStatus !== order.financialStatus) {
    if (patch.financialStatus === 'PAID' && order.financialStatus !== 'PAID') {
      const auth = order.transactions.find((t) => t.kind === 'AUTHORIZATION');
      const outstanding = orderTotals(order).outstanding;
      order.transactions.push({
        id: gid('OrderTransaction', shop.nextId()),
        kind: auth ? 'CAPTURE' : 'SALE',
        status: 'SUCCESS',
        gateway: 'bogus',
        amount: outstanding,
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
  order.updatedAt = now;
  return order;
}
