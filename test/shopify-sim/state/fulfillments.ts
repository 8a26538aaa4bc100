import { gid } from '../gid';
import { UserErrorRecord } from './catalog';
import { supportedActions } from './fulfillment-services';
import { FulfillmentRecord, OrderRecord } from './records';
import { ShopState } from './shop-state';

// fulfillmentCreate: fulfils lines of one order's fulfillment orders at one location, takes the
// stock off hand there and closes the fulfillment orders that are done. At a fulfillment-service
// location only what the service accepted. At most 250 fulfillment order line items per call:
// each input array is capped at 250 anyway (input-limits.ts, and `fulfillmentOrderLineItems`
// says "a maximum of 512"); the cap on the total across fulfillment orders is a stricter
// reading (the reference connector sends at most 250 lines per fulfillment).

export const MAX_FULFILLMENT_LINE_ITEMS = 250;

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  trackingInfo?: {
    number?: string | null;
    url?: string | null;
    company?: string | null;
    numbers?: string[] | null;
    urls?: string[] | null;
  } | null;
  notifyCustomer?: boolean | null;
}

export function createFulfillment(
  shop: ShopState,
  input: FulfillmentInput,
): { fulfillment: FulfillmentRecord | null; userErrors: UserErrorRecord[] } {
  const errors: UserErrorRecord[] = [];
  const field = (...rest: (string | number)[]): string[] =>
    ['fulfillment', 'lineItemsByFulfillmentOrder', ...rest].map(String);
  if (!input.lineItemsByFulfillmentOrder.length) {
    return {
      fulfillment: null,
      userErrors: [
        {
          field: field(),
          message: 'Line items by fulfillment order must not be empty.',
          code: null,
        },
      ],
    };
  }
  const count = input.lineItemsByFulfillmentOrder.reduce(
    (n, g) => n + (g.fulfillmentOrderLineItems?.length ?? 0),
    0,
  );
  if (count > MAX_FULFILLMENT_LINE_ITEMS)
    return {
      fulfillment: null,
      userErrors: [
        {
          field: field(),
          message: `A fulfillment can contain at most ${MAX_FULFILLMENT_LINE_ITEMS} fulfillment order line items (${count} given).`,
          code: null,
        },
      ],
    };
  let order: OrderRecord | undefined;
  let locationId: string | undefined;
  const planned: {
    foLine: { remainingQuantity: number; lineItemId: string };
    quantity: number;
    foId: string;
  }[] = [];
  input.lineItemsByFulfillmentOrder.forEach((group, i) => {
    const found = [...shop.orders.values()]
      .flatMap((o) => o.fulfillmentOrders.map((fo) => ({ o, fo })))
      .find((x) => x.fo.id === group.fulfillmentOrderId);
    if (!found) {
      errors.push({
        field: field(i, 'fulfillmentOrderId'),
        message: 'Fulfillment order does not exist.',
        code: null,
      });
      return;
    }
    if ((order && order !== found.o) || (locationId && locationId !== found.fo.locationId)) {
      errors.push({
        field: field(i, 'fulfillmentOrderId'),
        message: 'All fulfillment orders must belong to the same order and location.',
        code: null,
      });
      return;
    }
    order = found.o;
    locationId = found.fo.locationId;
    if (found.fo.status !== 'OPEN' && found.fo.status !== 'IN_PROGRESS') {
      errors.push({
        field: field(i, 'fulfillmentOrderId'),
        message: `Fulfillment order ${found.fo.id} has an unfulfillable status= ${found.fo.status.toLowerCase()}.`,
        code: null,
      });
      return;
    }
    if (!supportedActions(shop, found.fo).includes('CREATE_FULFILLMENT')) {
      errors.push({
        field: field(i, 'fulfillmentOrderId'),
        message: `Fulfillment order ${found.fo.id} is assigned to a fulfillment service that has not accepted its request (request status ${found.fo.requestStatus.toLowerCase()}).`,
        code: null,
      });
      return;
    }
    const lines =
      group.fulfillmentOrderLineItems ??
      found.fo.lineItems
        .filter((l) => l.remainingQuantity > 0)
        .map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
    lines.forEach((line, j) => {
      const foLine = found.fo.lineItems.find((l) => l.id === line.id);
      if (!foLine)
        errors.push({
          field: field(i, 'fulfillmentOrderLineItems', j, 'id'),
          message: 'Fulfillment order line item does not exist.',
          code: null,
        });
      else if (line.quantity <= 0 || line.quantity > foLine.remainingQuantity) {
        errors.push({
          field: field(i, 'fulfillmentOrderLineItems', j, 'quantity'),
          message: `Invalid fulfillment order line item quantity requested (remaining ${foLine.remainingQuantity}).`,
          code: null,
        });
      } else planned.push({ foLine, quantity: line.quantity, foId: found.fo.id });
    });
  });
  if (errors.length || !order || !locationId) return { fulfillment: null, userErrors: errors };

  const now = shop.now();
  for (const p of planned) {
    p.foLine.remainingQuantity -= p.quantity;
    const lineItem = order.lineItems.find((li) => li.id === p.foLine.lineItemId);
    const itemId = lineItem?.variantId
      ? shop.variants.get(lineItem.variantId)?.inventoryItemId
      : undefined;
    const level = itemId ? shop.getLevel(itemId, locationId) : undefined;
    if (level) {
      level.quantities.committed -= p.quantity;
      level.quantities.on_hand -= p.quantity;
      level.updatedAt = now;
    }
  }
  const foIds = [...new Set(planned.map((p) => p.foId))];
  for (const fo of order.fulfillmentOrders) {
    if (!foIds.includes(fo.id)) continue;
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    fo.updatedAt = now;
  }
  const tracking = input.trackingInfo;
  const numbers = tracking?.numbers ?? (tracking?.number ? [tracking.number] : []);
  const urls = tracking?.urls ?? (tracking?.url ? [tracking.url] : []);
  const fulfillment: FulfillmentRecord = {
    id: gid('Fulfillment', shop.nextId()),
    orderId: order.id,
    name: `${order.name}-F${order.fulfillments.length + 1}`,
    locationId,
    status: 'SUCCESS',
    trackingInfo: numbers.map((n, k) => ({
      company: tracking?.company ?? null,
      number: n,
      url: urls[k] ?? null,
    })),
    lineItems: planned.map((p) => ({
      id: gid('FulfillmentLineItem', shop.nextId()),
      lineItemId: p.foLine.lineItemId,
      quantity: p.quantity,
    })),
    fulfillmentOrderIds: foIds,
    notifyCustomer: input.notifyCustomer ?? false,
    createdAt: now,
    updatedAt: now,
  };
  order.fulfillments.push(fulfillment);
  order.updatedAt = now;
  return { fulfillment, userErrors: [] };
}
