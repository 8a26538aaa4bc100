import { gid } from '../gid';
import { UserErrorRecord } from './catalog';
import { FulfillmentOrderRecord, FulfillmentServiceRecord, LocationRecord } from './records';
import { ShopState } from './shop-state';

// Fulfillment services and the request lifecycle of the fulfillment orders at their locations
// (the schema's FulfillmentOrder description): the merchant submits a request (SUBMITTED), the
// service accepts it (ACCEPTED, the order IN_PROGRESS), and only then fulfils. Not modelled:
// which app owns a service (every service counts as the calling app's own), rejections and
// cancellation requests by the service, and callbacks.

export function addFulfillmentService(
  shop: ShopState,
  serviceName: string,
): FulfillmentServiceRecord {
  const at = shop.now();
  const service: FulfillmentServiceRecord = {
    id: gid('FulfillmentService', shop.nextId()),
    handle: serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    serviceName,
    locationId: gid('Location', shop.nextId()),
  };
  const location: LocationRecord = {
    id: service.locationId,
    name: serviceName,
    isActive: true,
    fulfillsOnlineOrders: true,
    fulfillmentServiceId: service.id,
    address: {
      address1: null,
      address2: null,
      city: null,
      province: null,
      provinceCode: null,
      country: 'Netherlands',
      countryCode: 'NL',
      zip: null,
      phone: null,
    },
    createdAt: at,
    updatedAt: at,
  };
  shop.fulfillmentServices.set(service.id, service);
  shop.locations.set(location.id, location);
  return service;
}

export function isServiceLocation(shop: ShopState, locationId: string): boolean {
  return !!shop.locations.get(locationId)?.fulfillmentServiceId;
}

export function findFulfillmentOrder(shop: ShopState, id: string) {
  return [...shop.orders.values()].flatMap((o) => o.fulfillmentOrders).find((fo) => fo.id === id);
}

// The merchant's "request fulfillment" (fulfillmentOrderSubmitFulfillmentRequest, driven from
// the control API here: shopsync never sends it).
export function submitFulfillmentRequest(shop: ShopState, id: string): FulfillmentOrderRecord {
  const fo = findFulfillmentOrder(shop, id);
  if (!fo) throw new Error(`shopify-sim: unknown fulfillment order ${id}`);
  if (!isServiceLocation(shop, fo.locationId) || fo.requestStatus !== 'UNSUBMITTED')
    throw new Error(`shopify-sim: ${id} is not an unsubmitted fulfillment-service order`);
  fo.requestStatus = 'SUBMITTED';
  fo.updatedAt = shop.now();
  return fo;
}

export function acceptFulfillmentRequest(
  shop: ShopState,
  id: string,
): { fulfillmentOrder: FulfillmentOrderRecord | null; userErrors: UserErrorRecord[] } {
  const fo = findFulfillmentOrder(shop, id);
  const refuse = (message: string) => ({
    fulfillmentOrder: null,
    userErrors: [{ field: ['id'], message, code: null }],
  });
  if (!fo) return refuse('Fulfillment order does not exist.');
  if (!isServiceLocation(shop, fo.locationId))
    return refuse('Fulfillment order is not assigned to a fulfillment service.');
  if (fo.requestStatus !== 'SUBMITTED')
    return refuse(
      `Cannot accept a fulfillment request of a fulfillment order with request status ${fo.requestStatus.toLowerCase()}.`,
    );
  fo.requestStatus = 'ACCEPTED';
  fo.status = 'IN_PROGRESS';
  fo.updatedAt = shop.now();
  return { fulfillmentOrder: fo, userErrors: [] };
}

// What can be done with a fulfillment order (FulfillmentOrder.supportedActions).
export function supportedActions(shop: ShopState, fo: FulfillmentOrderRecord): string[] {
  if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS') return [];
  if (!isServiceLocation(shop, fo.locationId)) return ['CREATE_FULFILLMENT', 'HOLD', 'MOVE'];
  switch (fo.requestStatus) {
    case 'UNSUBMITTED':
    case 'REJECTED':
      return ['REQUEST_FULFILLMENT', 'HOLD', 'MOVE'];
    case 'SUBMITTED':
      return ['CANCEL_FULFILLMENT_ORDER'];
    case 'ACCEPTED':
    case 'CANCELLATION_REJECTED':
      return ['CREATE_FULFILLMENT', 'REQUEST_CANCELLATION'];
    default:
      return [];
  }
}
